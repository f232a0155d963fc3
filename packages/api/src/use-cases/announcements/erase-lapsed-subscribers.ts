import { type Db, txQuery } from "@disclose/db";
import { DAY_MS } from "@disclose/domain";
import { ANNOUNCEMENT_LIMITS } from "./limits";

export interface TSubscriberErasure {
  /** Subscribers whose address was erased (unsubscribed, or never confirmed). */
  subscribers: number;
  /** Delivered or failed announcement emails to them whose address was erased. */
  outboxMessages: number;
}

/** Rows per statement: bounded work per run step. */
const BATCH = 1_000;

/**
 * Retention for announcement subscribers: the address of someone who unsubscribed, or who never confirmed, is
 * erased ANNOUNCEMENT_LIMITS.eraseAfterDays after they left (or after the last confirmation was sent). The app
 * role may not delete subscribers, so the row stays as an unsubscribed one with a placeholder address of its own
 * (`erased-<id>@erased.invalid`: unique, lowercase, and no mailbox); the announcement emails already sent to that
 * address (the only outbox messages with a List-Unsubscribe header) lose their address too. Idempotent.
 */
export async function eraseLapsedSubscribers({
  db,
  now,
}: {
  db: Db;
  now: Date;
}): Promise<TSubscriberErasure> {
  const cutoff = new Date(now.getTime() - ANNOUNCEMENT_LIMITS.eraseAfterDays * DAY_MS);
  const result: TSubscriberErasure = { subscribers: 0, outboxMessages: 0 };
  for (let round = 0; round < 10_000; round++) {
    const done = await db.$transaction(async (tx) => {
      const erased = await txQuery<{ email: string }>(
        tx,
        `WITH lapsed AS (
           SELECT id, email FROM announcement_subscribers
            WHERE email NOT LIKE 'erased-%@erased.invalid'
              AND ((status = 'unsubscribed' AND unsubscribed_at <= $1)
                   OR (status = 'pending' AND coalesce(confirm_sent_at, created_at) <= $1))
            ORDER BY id
            LIMIT $2
            FOR UPDATE SKIP LOCKED)
         UPDATE announcement_subscribers s
            SET email = 'erased-' || s.id::text || '@erased.invalid', status = 'unsubscribed',
                confirm_token_hash = NULL, unsubscribed_at = coalesce(s.unsubscribed_at, $3)
           FROM lapsed
          WHERE s.id = lapsed.id
          RETURNING lapsed.email`,
        [cutoff, BATCH, now],
      );
      if (erased.length > 0) {
        const messages = await txQuery<{ id: string }>(
          tx,
          `UPDATE outbox_messages SET to_address = ''
            WHERE to_address = ANY($1::text[]) AND status <> 'PENDING' AND headers ->> 'List-Unsubscribe' IS NOT NULL
            RETURNING id::text AS id`,
          [erased.map((e) => e.email)],
        );
        result.outboxMessages += messages.length;
      }
      result.subscribers += erased.length;
      return erased.length < BATCH;
    });
    if (done) break;
  }
  return result;
}
