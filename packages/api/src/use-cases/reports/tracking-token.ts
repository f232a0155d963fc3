import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "@disclose/db";
import { AppError, AppErrorCode } from "../../errors";

// `<report uuid>.<secret>`: 32 random bytes in base64url (43 characters). Anything else is not a token.
const TOKEN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

export const MAX_TRACKING_TOKEN_CHARS = 80;

export function newTrackingSecret(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString("base64url");
  return { secret, hash: hashTrackingSecret(secret) };
}

export function hashTrackingSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** One answer for every kind of bad token (malformed, unknown report, wrong secret), so none can be told apart. */
export function trackingNotFound(): AppError {
  return new AppError(AppErrorCode.NOT_FOUND, "No report matches this tracking link.");
}

/**
 * The report a tracking token opens, or NOT_FOUND. The hash comparison is constant-time; a malformed token
 * still costs a hash, so that timing tells nothing about which check failed.
 */
export async function findReportIdByToken({ db, token }: { db: Db; token: string }): Promise<string> {
  const match =
    typeof token === "string" && token.length <= MAX_TRACKING_TOKEN_CHARS ? TOKEN.exec(token) : null;
  const [reportId, secret] = match ? [match[1]!, match[2]!] : [null, "-"];
  const presented = Buffer.from(hashTrackingSecret(secret), "hex");
  const row = reportId
    ? await db.report.findUnique({ where: { id: reportId }, select: { id: true, trackingSecretHash: true } })
    : null;
  const stored = Buffer.from(row?.trackingSecretHash ?? "0".repeat(64), "hex");
  const equal = timingSafeEqual(presented, stored);
  if (!row || !equal) throw trackingNotFound();
  return row.id;
}
