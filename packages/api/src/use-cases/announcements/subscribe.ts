import { randomUUID } from "node:crypto";
import { type Db, txQuery } from "@disclose/db";
import { enqueueEmail, renderEmail } from "@disclose/email";
import { AppError, AppErrorCode } from "../../errors";
import { projectNameOf } from "../early-disclosure/notify-organization";
import { consumeRateLimit, countersFor } from "../rate-limits/consume-rate-limit";
import { ANNOUNCEMENT_LIMITS, SUBSCRIBE_RATE_LIMITS } from "./limits";
import { confirmPageUrl, newConfirmToken } from "./subscriber-tokens";
import { ZSubscribeInput } from "./subscription-input";

/**
 * Subscribes an address to the security announcements, pending its confirmation (double opt-in): a new address
 * becomes a pending subscriber; a pending or unsubscribed one is made pending again; a confirmed one stays
 * confirmed. Every time, a new one-time confirmation link replaces the last and is emailed, so the answer, the
 * work done and the mail sent are the same whatever the address's state: the form tells no one who is subscribed.
 * Only the token's hash is stored. Limited per address too, so no mailbox is flooded through the form.
 */
export async function subscribeToAnnouncements({
  db,
  now,
  portalUrl,
  input,
}: {
  db: Db;
  now: Date;
  portalUrl: string;
  input: unknown;
}): Promise<{ ok: true }> {
  const parsed = ZSubscribeInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(AppErrorCode.BAD_INPUT, issue?.message ?? "The subscription is not valid.", {
      field: issue?.path.map(String).join(".") || "email",
    });
  }
  const { email, forthcoming } = parsed.data;
  await consumeRateLimit({ db, counters: countersFor(SUBSCRIBE_RATE_LIMITS.perEmail, email), now });

  const { secret, hash } = newConfirmToken();
  await db.$transaction(async (tx) => {
    // One statement for every state (see above); the preference of a confirmed subscriber changes only when
    // they confirm again (the link carries it), so a stranger typing their address cannot change it.
    await txQuery(
      tx,
      `INSERT INTO announcement_subscribers
         (id, email, status, forthcoming_notices, confirm_token_hash, created_at, confirm_sent_at)
       VALUES ($1::uuid, $2, 'pending', $3, $4, $5, $5)
       ON CONFLICT (email) DO UPDATE SET
         status = CASE WHEN announcement_subscribers.status = 'confirmed' THEN 'confirmed' ELSE 'pending' END,
         forthcoming_notices = CASE WHEN announcement_subscribers.status = 'confirmed'
                                    THEN announcement_subscribers.forthcoming_notices
                                    ELSE EXCLUDED.forthcoming_notices END,
         confirm_token_hash = EXCLUDED.confirm_token_hash,
         confirm_sent_at = EXCLUDED.confirm_sent_at,
         unsubscribed_at = NULL`,
      [randomUUID(), email, forthcoming, hash, now],
    );
    await enqueueEmail(tx, {
      to: email,
      ...renderEmail("announcementConfirm", {
        projectName: await projectNameOf(tx),
        confirmLink: confirmPageUrl(portalUrl, secret, forthcoming),
        forthcoming,
        validDays: ANNOUNCEMENT_LIMITS.confirmValidDays,
      }),
    });
  });
  return { ok: true };
}
