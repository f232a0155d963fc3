import { type AnyTx, txQuery } from "@disclose/db";

/**
 * Records that an outbox message is addressed to a report's reporter, in the transaction that queued it, so that
 * retention (or the reporter's own request) can find and erase it later: the outbox itself keeps no report id,
 * and a delivered message's body (which names the report) is gone.
 */
export async function linkReporterEmail(
  tx: AnyTx,
  { reportId, outboxMessageId }: { reportId: string; outboxMessageId: string },
): Promise<void> {
  await txQuery(
    tx,
    "INSERT INTO report_outbox_messages (report_id, outbox_message_id) VALUES ($1::uuid, $2::uuid) ON CONFLICT DO NOTHING",
    [reportId, outboxMessageId],
  );
}
