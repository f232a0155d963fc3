import { createDb } from "@disclose/db";
import { type EmailWorker, parseEmailEnv, type RunWorkerOptions, runWorker } from "@disclose/email";
import { apiEnv } from "./env";
import { createNewReportAlertTask, NEW_REPORT_ALERT_TASK } from "./use-cases/alerts/alert-pst-of-new-report";
import { createRemindersTask, REMINDERS_CRONTAB, REMINDERS_TASK } from "./use-cases/alerts/reminders-task";
import {
  AUDIT_VERIFICATION_CRONTAB,
  AUDIT_VERIFICATION_TASK,
  createAuditVerificationTask,
} from "./use-cases/audit/audit-verification-task";
import { createVouchRequestTask, VOUCH_REQUEST_TASK } from "./use-cases/distributors/request-vouch";
import {
  createMailIntakeTask,
  MAIL_INTAKE_TASK,
  type MailIntakeLoop,
  startMailIntakeLoop,
} from "./use-cases/intake/mail-intake-task";
import {
  createPublicRecordTask,
  PUBLIC_RECORD_CRONTAB,
  PUBLIC_RECORD_TASK,
} from "./use-cases/metrics/public-record-task";
import { createRetentionTask, RETENTION_CRONTAB, RETENTION_TASK } from "./use-cases/retention/retention-task";

/** Every scheduled task of the worker, one crontab line each. */
export const BACKGROUND_CRONTAB = [
  RETENTION_CRONTAB,
  REMINDERS_CRONTAB,
  AUDIT_VERIFICATION_CRONTAB,
  PUBLIC_RECORD_CRONTAB,
].join("\n");

/**
 * The product's background worker: the outbox's deliveries, the PST's alert for each new report, every 15 minutes
 * the case reminders and daily digests (at the case clock), every hour the audit chain's verification (the PST is
 * emailed once per break), and once a day the public record's figures (when published) and the retention run that
 * erases reporters' personal data past its time. `pnpm start` runs one; in production run one or more (`pnpm worker`).
 */
export async function startBackgroundWorker({
  adminUrl,
  ...options
}: Omit<RunWorkerOptions, "db" | "extraTasks" | "crontab"> & {
  /** The admin app's URL for links in reminders (ADMIN_URL unless given). */
  adminUrl?: string;
}): Promise<EmailWorker> {
  const db = createDb(options.databaseUrl);
  try {
    const worker = await runWorker({
      ...options,
      db,
      extraTasks: {
        [RETENTION_TASK]: createRetentionTask({ db }),
        [NEW_REPORT_ALERT_TASK]: createNewReportAlertTask({ db }),
        [REMINDERS_TASK]: createRemindersTask({ db, ...(adminUrl ? { adminUrl } : {}) }),
        [VOUCH_REQUEST_TASK]: createVouchRequestTask({ db }),
        [AUDIT_VERIFICATION_TASK]: createAuditVerificationTask({ db, ...(adminUrl ? { adminUrl } : {}) }),
        [PUBLIC_RECORD_TASK]: createPublicRecordTask({ db }),
        [MAIL_INTAKE_TASK]: createMailIntakeTask({ db, mailFrom: parseEmailEnv().mailFrom }),
      },
      crontab: BACKGROUND_CRONTAB,
    });
    // Reports by email: a loop of its own (IMAP IDLE, or polling), not a cron item; see startMailIntakeLoop.
    const imapUrl = apiEnv().SECURITY_IMAP_URL;
    const mailIntake: MailIntakeLoop | null = imapUrl
      ? startMailIntakeLoop({ db, imapUrl, mailFrom: parseEmailEnv().mailFrom })
      : null;
    return {
      ...worker,
      stop: async () => {
        await mailIntake?.stop();
        await worker.stop();
        await db.$disconnect();
      },
    };
  } catch (error) {
    await db.$disconnect();
    throw error;
  }
}
