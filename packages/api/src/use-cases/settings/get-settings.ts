import type { Db, DbTx } from "@disclose/db";
import { DEFAULT_ACK_DEADLINE_HOURS, RETENTION_DAYS } from "@disclose/domain";

/** How long a member's unlocked key stays unlocked in an idle browser tab, unless an admin says otherwise. */
export const DEFAULT_UNLOCK_IDLE_MINUTES = 15;

export interface TSettings {
  ackDeadlineHours: number;
  unlockIdleMinutes: number;
  /** Reporters' personal data is erased this many days after their report's case closes. */
  reporterDataRetentionDays: number;
}

/** Deployment settings any signed-in member may read (the migration inserts the one row). */
export async function getSettings({ db }: { db: Db | DbTx }): Promise<TSettings> {
  const settings = await db.settings.findUnique({ where: { id: 1 } });
  return {
    ackDeadlineHours: settings?.ackDeadlineHours ?? DEFAULT_ACK_DEADLINE_HOURS,
    unlockIdleMinutes: settings?.unlockIdleMinutes ?? DEFAULT_UNLOCK_IDLE_MINUTES,
    reporterDataRetentionDays: settings?.reporterDataRetentionDays ?? RETENTION_DAYS.default,
  };
}
