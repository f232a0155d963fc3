import { createDb } from "@disclose/db";
import { type EmailWorker, type RunWorkerOptions, runWorker } from "@disclose/email";
import { createNewReportAlertTask, NEW_REPORT_ALERT_TASK } from "./use-cases/alerts/alert-pst-of-new-report";
import { createRetentionTask, RETENTION_CRONTAB, RETENTION_TASK } from "./use-cases/retention/retention-task";

/**
 * The product's background worker: the outbox's deliveries, the PST's alert for each new report and, once a day,
 * the retention run that erases reporters' personal data past its time. `pnpm start` runs one; in production run one or more (`pnpm worker`).
 */
export async function startBackgroundWorker(
  options: Omit<RunWorkerOptions, "db" | "extraTasks" | "crontab">,
): Promise<EmailWorker> {
  const db = createDb(options.databaseUrl);
  try {
    const worker = await runWorker({
      ...options,
      db,
      extraTasks: {
        [RETENTION_TASK]: createRetentionTask({ db }),
        [NEW_REPORT_ALERT_TASK]: createNewReportAlertTask({ db }),
      },
      crontab: RETENTION_CRONTAB,
    });
    return {
      ...worker,
      stop: async () => {
        await worker.stop();
        await db.$disconnect();
      },
    };
  } catch (error) {
    await db.$disconnect();
    throw error;
  }
}
