import { type Db, txQuery } from "@disclose/db";
import { DAY_MS } from "@disclose/domain";
import { AppError, AppErrorCode } from "../../errors";
import { ANNOUNCEMENT_LIMITS } from "./limits";
import { hashConfirmToken, isWellFormedToken } from "./subscriber-tokens";

/** One answer for every bad link (malformed, unknown, used, expired), so none can be told apart. */
export function confirmationNotFound(): AppError {
  return new AppError(
    AppErrorCode.NOT_FOUND,
    "This confirmation link does not work: it was already used, it expired, or it was cut short. Subscribe again to get a new one.",
  );
}

/**
 * Confirms a subscription with the one-time token of its confirmation email (within ANNOUNCEMENT_LIMITS'
 * confirmValidDays), setting the forthcoming-fix preference the person chose on the page. The token is
 * cleared in the same statement, so it works once. A malformed token still costs a hash and a lookup.
 */
export async function confirmSubscription({
  db,
  now,
  token,
  forthcoming,
}: {
  db: Db;
  now: Date;
  token: unknown;
  forthcoming: boolean;
}): Promise<{ confirmed: true; forthcoming: boolean }> {
  const wellFormed = isWellFormedToken(token);
  const hash = hashConfirmToken(wellFormed ? token : "-");
  const sentAfter = new Date(now.getTime() - ANNOUNCEMENT_LIMITS.confirmValidDays * DAY_MS);
  const rows = await txQuery<{ id: string }>(
    db,
    `UPDATE announcement_subscribers
        SET status = 'confirmed',
            confirmed_at = CASE WHEN status = 'confirmed' THEN confirmed_at ELSE $2 END,
            forthcoming_notices = $3,
            confirm_token_hash = NULL,
            unsubscribed_at = NULL
      WHERE confirm_token_hash = $1 AND confirm_sent_at > $4
      RETURNING id::text AS id`,
    [hash, now, forthcoming, sentAfter],
  );
  if (rows.length === 0 || !wellFormed) throw confirmationNotFound();
  return { confirmed: true, forthcoming };
}
