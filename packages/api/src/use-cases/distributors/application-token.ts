import { BASE64URL_32_BYTES } from "@disclose/crypto";
import type { Db } from "@disclose/db";
import { AppError, AppErrorCode } from "../../errors";
import { hashTrackingSecret, newTrackingSecret } from "../reports/tracking-token";

/**
 * An application's tracking token: 32 random bytes in base64url, as the reporter's tracking secret (the same
 * helpers make and hash it). Only its SHA-256 hash is stored, so the table alone opens no application.
 */
export const newApplicationToken = newTrackingSecret;

export const MAX_APPLICATION_TOKEN_CHARS = 43;

/** One answer for every bad token (malformed, unknown), so none can be told apart. */
export function applicationNotFound(): AppError {
  return new AppError(AppErrorCode.NOT_FOUND, "No application matches this tracking link.");
}

/**
 * The application a token opens, or NOT_FOUND. A malformed token still costs a hash and a lookup, so timing
 * tells nothing about which check failed; the lookup is by the hash's unique index (a hash of 256 random bits
 * cannot be approached by timing it).
 */
export async function findApplicationIdByToken({ db, token }: { db: Db; token: string }): Promise<string> {
  const wellFormed = typeof token === "string" && BASE64URL_32_BYTES.test(token);
  const hash = hashTrackingSecret(wellFormed ? token : "-");
  const row = await db.distributorApplication.findUnique({
    where: { trackingTokenHash: hash },
    select: { id: true },
  });
  if (!row || !wellFormed) throw applicationNotFound();
  return row.id;
}
