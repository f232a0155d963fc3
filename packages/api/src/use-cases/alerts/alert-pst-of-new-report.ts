import { appendAuditEvent, type Db, type SqlTx, txQuery, withSqlTransaction } from "@disclose/db";
import { acknowledgementClock, DEFAULT_ACK_DEADLINE_HOURS } from "@disclose/domain";
import { enqueueEmail, renderEmail } from "@disclose/email";
import { z } from "zod";
import { isProduction } from "../../env";

/** graphile-worker task that tells the PST about a new report. */
export const NEW_REPORT_ALERT_TASK = "alert-new-report";

const ZNewReportAlertPayload = z.object({ reportId: z.uuid(), reportUrl: z.url() });

/**
 * Queues the PST's alert in the report's own transaction: one job, so the intake's hot path pays one statement and
 * the worker writes the emails. The job key makes a second queueing for the same report a no-op.
 */
export async function queueNewReportAlert(
  sql: SqlTx,
  { reportId, adminUrl }: { reportId: string; adminUrl: string },
): Promise<void> {
  await txQuery(
    sql,
    `SELECT graphile_worker.add_job($1::text, json_build_object('reportId', $2::text, 'reportUrl', $3::text),
       job_key => $4::text, max_attempts => 10)`,
    [
      NEW_REPORT_ALERT_TASK,
      reportId,
      `${adminUrl}/reports/${reportId}`,
      `${NEW_REPORT_ALERT_TASK}:${reportId}`,
    ],
  );
}

/**
 * Emails every active PST member that a report arrived (the policy: "IMMEDIATELY"; urgent when the reporter
 * says it is public): the report's short id, times and a link, nothing of its content. Once per report: the
 * audit event `report.pst_alerted` records it, and a second run finds it and sends nothing.
 */
export async function alertPstOfNewReport({
  db,
  reportId,
  reportUrl,
  now,
}: {
  db: Db;
  reportId: string;
  reportUrl: string;
  now: Date;
}): Promise<{ sent: number }> {
  return withSqlTransaction(db, async (sql) => {
    // The row lock serialises two runs for one report (a retried job).
    const [report] = await txQuery<{ received_at: Date; already_public: boolean }>(
      sql,
      "SELECT received_at, already_public FROM reports WHERE id = $1::uuid FOR UPDATE",
      [reportId],
    );
    if (!report) return { sent: 0 };
    const [alerted] = await txQuery(
      sql,
      `SELECT 1 FROM audit_events
       WHERE subject_type = 'report' AND subject_id = $1 AND action = 'report.pst_alerted' LIMIT 1`,
      [reportId],
    );
    if (alerted) return { sent: 0 };
    const members = await txQuery<{ id: string; email: string }>(
      sql,
      `SELECT u.id, u.email FROM users u JOIN user_roles r ON r.user_id = u.id AND r.role = 'PST_MEMBER'
       WHERE u.active AND NOT (u.is_demo AND $1) ORDER BY u.id`,
      [isProduction()],
    );
    const [settings] = await txQuery<{ ack_deadline_hours: number }>(
      sql,
      "SELECT ack_deadline_hours FROM settings WHERE id = 1",
    );
    const clock = acknowledgementClock(
      {
        receivedAt: report.received_at,
        isPublic: report.already_public,
        state: "received",
        acknowledged: false,
      },
      settings?.ack_deadline_hours ?? DEFAULT_ACK_DEADLINE_HOURS,
      now,
    );
    const email = renderEmail("newReportAlert", {
      reportShortId: reportId.slice(0, 8),
      reportUrl,
      receivedAt: report.received_at,
      acknowledgeBy: clock.dueAt ?? report.received_at,
      alreadyPublic: report.already_public,
    });
    for (const member of members) await enqueueEmail(sql, { to: member.email, ...email });
    await appendAuditEvent(sql, {
      actorKind: "system",
      action: "report.pst_alerted",
      subjectType: "report",
      subjectId: reportId,
      // Ids only: the audit log never holds an email address.
      data: { recipients: members.map((m) => m.id), urgent: report.already_public },
      occurredAt: now,
    });
    return { sent: members.length };
  });
}

/** The worker's task for NEW_REPORT_ALERT_TASK jobs. */
export function createNewReportAlertTask(options: { db: Db; now?: () => Date }) {
  return async (payload: unknown): Promise<void> => {
    const parsed = ZNewReportAlertPayload.safeParse(payload);
    // A malformed payload can only come from outside our code: dropping it is right, retrying would not help.
    if (!parsed.success) return;
    await alertPstOfNewReport({ db: options.db, ...parsed.data, now: options.now?.() ?? new Date() });
  };
}
