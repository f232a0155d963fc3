import { type Db, txQuery } from "@disclose/db";
import { AppError, AppErrorCode } from "../../errors";
import { isSubscriberId, isUnsubscribeToken } from "./subscriber-tokens";

/** One answer for every bad link (malformed, forged, another subscriber's), so none can be told apart. */
export function unsubscribeNotFound(): AppError {
  return new AppError(
    AppErrorCode.NOT_FOUND,
    "This unsubscribe link does not work: it may have been cut short. Use the link of the latest announcement you received.",
  );
}

/**
 * Unsubscribes the subscriber an unsubscribe link names, when its token is theirs (an HMAC, compared in
 * constant time). Idempotent: a second click answers the same. The address is kept, as unsubscribed, until
 * retention erases it (eraseLapsedSubscribers), so that a confirmation sent just before cannot bring it back
 * by mistake without a new confirmation.
 */
export async function unsubscribeFromAnnouncements({
  db,
  now,
  subscriberId,
  token,
}: {
  db: Db;
  now: Date;
  subscriberId: unknown;
  token: unknown;
}): Promise<{ unsubscribed: true }> {
  const id = isSubscriberId(subscriberId) ? subscriberId : "00000000-0000-0000-0000-000000000000";
  const valid = isUnsubscribeToken(id, token) && isSubscriberId(subscriberId);
  if (!valid) throw unsubscribeNotFound();
  await txQuery(
    db,
    `UPDATE announcement_subscribers
        SET status = 'unsubscribed',
            unsubscribed_at = CASE WHEN status = 'unsubscribed' THEN coalesce(unsubscribed_at, $2) ELSE $2 END,
            confirm_token_hash = NULL
      WHERE id = $1::uuid`,
    [id, now],
  );
  return { unsubscribed: true };
}
