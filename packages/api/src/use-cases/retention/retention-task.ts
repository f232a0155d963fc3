import { type Db, getDb } from "@disclose/db";
import { eraseLapsedSubscribers } from "../announcements/erase-lapsed-subscribers";
import { pruneRateLimits } from "../rate-limits/consume-rate-limit";
import { eraseAnsweredStrangers } from "./erase-answered-strangers";
import { eraseDecidedApplications } from "./erase-decided-applications";
import { eraseExpiredPersonalData, type TRetentionRun } from "./erase-expired-personal-data";

/** graphile-worker task identifier of the daily retention run. */
export const RETENTION_TASK = "erase-expired-personal-data";

/**
 * A crontab line for the worker (`runWorker({ crontab })`): every day at 03:17 UTC (an odd minute, away from
 * other deployments' top-of-the-hour jobs); after downtime, a run missed within the last 2 days is made up
 * (graphile-worker's backfill), and a second one the same day would find nothing.
 */
export const RETENTION_CRONTAB = `17 3 * * * ${RETENTION_TASK} ?fill=2d`;

/** The part of graphile-worker's JobHelpers this task uses (so @disclose/api needs no graphile-worker types). */
export interface TRetentionTaskHelpers {
  logger: { info(message: string): void };
}

/**
 * A graphile-worker Task that runs eraseExpiredPersonalData and drops ended rate-limit counters (their keys are
 * hashes of client addresses). Give it to the worker with the crontab above:
 * `runWorker({ extraTasks: { [RETENTION_TASK]: createRetentionTask() }, crontab: RETENTION_CRONTAB })`.
 * A failed run throws, so graphile-worker retries it with backoff; a run is idempotent.
 */
export function createRetentionTask(
  options: {
    db?: Db;
    now?: () => Date;
    onRun?: (run: TRetentionRun & { rateLimitCounters: number; answeredStrangers: number }) => void;
  } = {},
): (payload: unknown, helpers: TRetentionTaskHelpers) => Promise<void> {
  return async (_payload, helpers) => {
    const db = options.db ?? getDb();
    const now = options.now?.() ?? new Date();
    const run = await eraseExpiredPersonalData({ db, now });
    // Applicants and subscribers leave personal data too: the same daily run erases what has lapsed.
    const applications = await eraseDecidedApplications({ db, now, retentionDays: run.retentionDays });
    const subscribers = await eraseLapsedSubscribers({ db, now });
    // Bounces to senders whose mail became no report: no report's erasure reaches them.
    const answered = await eraseAnsweredStrangers({ db, now, retentionDays: run.retentionDays });
    const rateLimitCounters = await pruneRateLimits({ db, now });
    // Counts and dates only: never an address.
    helpers.logger.info(
      `retention (${run.retentionDays} days, closed before ${run.cutoff.toISOString()}): personal data erased for ${run.reports} report(s): ${run.notifyEmails} notify address(es), ${run.outboxMessages} email(s); ${applications.applications} decided distributor application(s); ${subscribers.subscribers} lapsed subscriber(s); ${answered.outboxMessages} automatic answer(s) to mail that became no report; ${rateLimitCounters} ended rate-limit counter(s) dropped`,
    );
    options.onRun?.({ ...run, rateLimitCounters, answeredStrangers: answered.outboxMessages });
  };
}
