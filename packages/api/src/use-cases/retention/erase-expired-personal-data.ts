import { type Db, withSqlTransaction } from "@disclose/db";
import { RETENTION_CLOSED_STATES, retentionCutoff } from "@disclose/domain";
import { getSettings } from "../settings/get-settings";
import { erasePersonalDataOf } from "./erase-personal-data";

export interface TRetentionRun {
  /** The setting this run applied. */
  retentionDays: number;
  /** Reports closed at or before this had their personal data erased. */
  cutoff: Date;
  /** Reports whose personal data this run erased (each audited once). */
  reports: number;
  notifyEmails: number;
  outboxMessages: number;
}

/** Reports per transaction: each is audited, and appends hold the audit chain's lock until the commit. */
export const RETENTION_BATCH_SIZE = 50;

/**
 * Erases the personal data of every report whose case closed more than the retention setting's days ago
 * (domain: isPersonalDataErasable): the address for updates and the address and text of the emails sent to the
 * reporter. A batch at a time, each in its own transaction, so a large backlog neither holds the audit chain
 * for long nor loses finished work when interrupted. Idempotent: a report with nothing left to erase is not
 * selected again, and a second run finds nothing. Safe beside another run: rows one run holds are skipped.
 * A message to the reporter still waiting for delivery is left to be delivered and erased by a later run.
 */
export async function eraseExpiredPersonalData({
  db,
  now,
  batchSize = RETENTION_BATCH_SIZE,
  retentionDays: override,
}: {
  db: Db;
  now: Date;
  batchSize?: number;
  /** The setting, when the caller already has it (tests); else read from the settings. */
  retentionDays?: number;
}): Promise<TRetentionRun> {
  const retentionDays = override ?? (await getSettings({ db })).reporterDataRetentionDays;
  const cutoff = retentionCutoff(retentionDays, now);
  const run: TRetentionRun = { retentionDays, cutoff, reports: 0, notifyEmails: 0, outboxMessages: 0 };
  // Each batch removes what selected its reports, so the loop ends; the bound only guards against a bug.
  for (let batch = 0; batch < 100_000; batch++) {
    const done = await withSqlTransaction(db, async (sql) => {
      const { rows } = await sql.query<{ id: string }>(
        `SELECT r.id::text AS id FROM reports r
          WHERE r.closed_at <= $1 AND r.state = ANY($2::text[])
            AND (r.notify_email IS NOT NULL OR r.email_from IS NOT NULL
                 OR EXISTS (SELECT 1 FROM report_outbox_messages l
                              JOIN outbox_messages o ON o.id = l.outbox_message_id
                             WHERE l.report_id = r.id AND o.status <> 'PENDING'))
          ORDER BY r.closed_at, r.id
          LIMIT $3
          FOR UPDATE OF r SKIP LOCKED`,
        [cutoff, RETENTION_CLOSED_STATES, batchSize],
      );
      for (const { id } of rows) {
        const erased = await erasePersonalDataOf(sql, {
          reportId: id,
          reason: "retention",
          includePending: false,
          now,
        });
        run.reports += 1;
        if (erased.notifyEmail) run.notifyEmails += 1;
        run.outboxMessages += erased.outboxMessages;
      }
      return rows.length < batchSize;
    });
    if (done) break;
  }
  return run;
}
