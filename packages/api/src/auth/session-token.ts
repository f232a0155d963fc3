import { createHash } from "node:crypto";

/** Session cookies are capabilities: the database keeps only their sha256, so a copy of it opens no session. */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
