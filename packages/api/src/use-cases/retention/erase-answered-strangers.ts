import { appendAuditEvent, type Db } from "@disclose/db";
import { retentionCutoff } from "@disclose/domain";
import { ERASED_TEXT } from "./erase-personal-data";

/**
 * Erases the address and words of automatic answers to mail that became no report (the bounce for an oversize
 * message) once they are older than the retention setting. A receipt belongs to its report and goes with the
 * report's personal data; these belong to no report, so nothing else would ever erase them. What stays is the row
 * (its id, times, status and attempts), as for a reporter's erased mail. Audited with a count; idempotent (an
 * erased message has an empty address and is not selected again). Mail still waiting is delivered first.
 */
export async function eraseAnsweredStrangers({
  db,
  now,
  retentionDays,
}: {
  db: Db;
  now: Date;
  retentionDays: number;
}): Promise<{ outboxMessages: number }> {
  const cutoff = retentionCutoff(retentionDays, now);
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      UPDATE outbox_messages o
         SET to_address = '', subject = ${ERASED_TEXT}, text_body = ${ERASED_TEXT}, html_body = NULL
       WHERE o.headers ->> 'Auto-Submitted' = 'auto-replied'
         AND o.status <> 'PENDING' AND o.created_at <= ${cutoff} AND o.to_address <> ''
         AND NOT EXISTS (SELECT 1 FROM report_outbox_messages l WHERE l.outbox_message_id = o.id)
       RETURNING o.id::text AS id`;
    if (rows.length > 0) {
      await appendAuditEvent(tx, {
        actorId: null,
        actorKind: "system",
        action: "mail_intake.answers_erased",
        subjectType: "system",
        subjectId: "retention",
        data: { outboxMessages: rows.length, reason: "retention", sentBefore: cutoff.toISOString() },
        occurredAt: now,
      });
    }
    return { outboxMessages: rows.length };
  });
}
