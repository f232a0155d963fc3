import type { Db } from "@disclose/db";
import { runAuditVerification, type TAuditVerificationRun } from "./verify-audit-chain";

/** graphile-worker task identifier of the hourly audit chain verification. */
export const AUDIT_VERIFICATION_TASK = "verify-audit-chain";

/**
 * A crontab line for the worker: hourly, at minute 7 (away from the daily retention run at 03:17). No backfill: a run missed
 * during downtime is made up by the next one, which verifies the whole chain again.
 */
export const AUDIT_VERIFICATION_CRONTAB = `7 * * * * ${AUDIT_VERIFICATION_TASK}`;

/** The part of graphile-worker's JobHelpers this task uses. */
export interface TAuditVerificationTaskHelpers {
  logger: { info(message: string): void; error(message: string): void };
}

/**
 * The graphile-worker Task for AUDIT_VERIFICATION_TASK: verifies the chain at the wall clock (not the case clock:
 * the chain's time is real time), stores the result and emails the PST once per break. A broken chain is a result,
 * not a failure of the task; a run that could not verify (database down) throws, and graphile-worker retries it.
 */
export function createAuditVerificationTask(options: {
  db: Db;
  now?: () => Date;
  adminUrl?: string;
  onRun?: (run: TAuditVerificationRun) => void;
}): (payload: unknown, helpers: TAuditVerificationTaskHelpers) => Promise<void> {
  return async (_payload, helpers) => {
    const run = await runAuditVerification({
      db: options.db,
      trigger: "scheduled",
      now: options.now?.() ?? new Date(),
      ...(options.adminUrl ? { adminUrl: options.adminUrl } : {}),
    });
    const v = run.verification;
    if (v.ok) helpers.logger.info(`audit chain verified: ${v.events} event(s), head #${v.headSeq ?? "-"}`);
    else
      helpers.logger.error(
        `audit chain BROKEN at #${v.failedSeq}: ${v.reason}${run.emailed > 0 ? ` (${run.emailed} PST member(s) emailed)` : ""}`,
      );
    options.onRun?.(run);
  };
}
