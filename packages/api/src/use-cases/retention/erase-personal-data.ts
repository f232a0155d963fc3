import { type AnyTx, appendAuditEvent, txQuery } from "@disclose/db";
import type { TErasureReason } from "@disclose/domain";

/** What an erased outbox message keeps: the row (its id, times, status and attempts), nothing about the person. */
export const ERASED_TEXT = "(erased)";
/** Why a message still waiting to be sent never will be. */
export const ERASED_BEFORE_DELIVERY = "Not sent: the reporter's personal data was erased.";

export interface TErasedPersonalData {
  /** The address for updates (or, for a report by email, the sender's address) was set and is now gone. */
  notifyEmail: boolean;
  /** Outbox messages to the reporter whose address, subject and text were erased. */
  outboxMessages: number;
}

/**
 * Erases one report's personal data inside the caller's transaction: the address for updates
 * (reports.notify_email), and the address, subject and text of every outbox message to the reporter (the rows
 * stay, as a record that mail was sent, and their links go). The report, its ciphertext, attachments, messages,
 * key packets and audit events are untouched. Audits `report.personal_data_erased` with ids and counts only,
 * when anything was erased (so a repeat adds nothing to the log).
 *
 * `includePending`: also erase (and so never send) messages not yet delivered, as a reporter who asks for
 * erasure wants. Retention leaves them to be delivered first and erases them on its next run.
 */
export async function erasePersonalDataOf(
  tx: AnyTx,
  {
    reportId,
    reason,
    includePending,
    now,
  }: { reportId: string; reason: TErasureReason; includePending: boolean; now: Date },
): Promise<TErasedPersonalData> {
  const [report] = await txQuery<{ had_email: boolean }>(
    tx,
    // A report by email: its sender's address is the same kind of data, and the reply addresses given to them go
    // too (a later mail from them starts a new report rather than joining an erased one).
    `UPDATE reports r SET notify_email = NULL, email_from = NULL
       FROM (SELECT id, notify_email, email_from FROM reports WHERE id = $1::uuid FOR UPDATE) old
      WHERE r.id = old.id
      RETURNING old.notify_email IS NOT NULL OR old.email_from IS NOT NULL AS had_email`,
    [reportId],
  );
  if (!report) return { notifyEmail: false, outboxMessages: 0 };
  await txQuery(tx, "DELETE FROM report_reply_tokens WHERE report_id = $1::uuid", [reportId]);
  // The status is re-read after any delivery holding the row finishes (READ COMMITTED re-checks the row), so a
  // message the worker has just sent stays SENT, and one still waiting becomes FAILED (the worker skips it).
  const erased = await txQuery<{ id: string }>(
    tx,
    `WITH links AS (
       DELETE FROM report_outbox_messages l
        USING outbox_messages o
        WHERE l.report_id = $1::uuid AND o.id = l.outbox_message_id AND ($2::boolean OR o.status <> 'PENDING')
       RETURNING l.outbox_message_id)
     UPDATE outbox_messages o
        SET to_address = '', subject = $3, text_body = $3, html_body = NULL,
            status = CASE WHEN o.status = 'PENDING' THEN 'FAILED'::"OutboxStatus" ELSE o.status END,
            last_error = CASE WHEN o.status = 'PENDING' THEN $4 ELSE o.last_error END
       FROM links
      WHERE o.id = links.outbox_message_id
        AND ($2::boolean OR o.status <> 'PENDING')
      RETURNING o.id::text AS id`,
    [reportId, includePending, ERASED_TEXT, ERASED_BEFORE_DELIVERY],
  );
  const result = { notifyEmail: report.had_email, outboxMessages: erased.length };
  if (result.notifyEmail || result.outboxMessages > 0) {
    await txQuery(tx, "UPDATE reports SET personal_data_erased_at = $2 WHERE id = $1::uuid", [reportId, now]);
    await appendAuditEvent(tx, {
      actorKind: reason === "retention" ? "system" : "reporter",
      action: "report.personal_data_erased",
      subjectType: "report",
      subjectId: reportId,
      data: { reason, notifyEmail: result.notifyEmail, outboxMessages: result.outboxMessages },
      occurredAt: now,
    });
  }
  return result;
}
