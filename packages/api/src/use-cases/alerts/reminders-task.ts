import type { Db } from "@disclose/db";
import { caseClockNow } from "../../case-clock";
import { sendDueReminders, type TRemindersRun } from "./send-due-reminders";

/** graphile-worker task identifier of the scheduled reminders. */
export const REMINDERS_TASK = "send-due-reminders";

/**
 * A crontab line for the worker: every 15 minutes (due soon is hours ahead, so a reminder is at most 15 minutes
 * late). No backfill: a run missed during downtime is made up by the next one, which sees everything still due.
 */
export const REMINDERS_CRONTAB = `*/15 * * * * ${REMINDERS_TASK}`;

/** The part of graphile-worker's JobHelpers this task uses. */
export interface TRemindersTaskHelpers {
  logger: { info(message: string): void };
}

/**
 * The graphile-worker Task for REMINDERS_TASK: sendDueReminders at the case clock, which in test mode is ahead of
 * the wall clock (case-clock.ts), so moving the test clock moves the worker's schedule too. A failed run throws
 * (graphile-worker retries it); a run is idempotent.
 */
export function createRemindersTask(options: {
  db: Db;
  now?: () => Date;
  adminUrl?: string;
  onRun?: (run: TRemindersRun & { caseNow: Date }) => void;
}): (payload: unknown, helpers: TRemindersTaskHelpers) => Promise<void> {
  return async (_payload, helpers) => {
    const caseNow = await caseClockNow(options.db, options.now?.() ?? new Date());
    const run = await sendDueReminders({
      db: options.db,
      now: caseNow,
      ...(options.adminUrl ? { adminUrl: options.adminUrl } : {}),
    });
    // Counts only: never an address.
    helpers.logger.info(
      `reminders at ${caseNow.toISOString()}: ${run.cases} open case(s), ${run.emails} email(s), ${run.items} item(s) recorded`,
    );
    options.onRun?.({ ...run, caseNow });
  };
}
