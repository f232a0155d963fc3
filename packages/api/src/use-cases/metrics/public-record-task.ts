import type { Db } from "@disclose/db";
import { caseClockNow } from "../../case-clock";
import { refreshPublicRecord } from "./public-record";

/** graphile-worker task identifier of the public record's daily snapshot. */
export const PUBLIC_RECORD_TASK = "refresh-public-record";

/**
 * A crontab line for the worker: every day at 00:05 UTC, the new day's figures (the portal would otherwise make
 * them on the day's first visit). Nothing is computed while the record is off.
 */
export const PUBLIC_RECORD_CRONTAB = `5 0 * * * ${PUBLIC_RECORD_TASK}`;

/** The graphile-worker Task for PUBLIC_RECORD_TASK, at the case clock (as the portal reads it). */
export function createPublicRecordTask(options: {
  db: Db;
  now?: () => Date;
}): (payload: unknown, helpers: { logger: { info(message: string): void } }) => Promise<void> {
  return async (_payload, helpers) => {
    const now = await caseClockNow(options.db, options.now?.() ?? new Date());
    const record = await refreshPublicRecord({ db: options.db, now });
    helpers.logger.info(
      record
        ? `public record of ${now.toISOString().slice(0, 10)}: ${record.releasedCases} released case(s)`
        : "public record: off",
    );
  };
}
