import type { Db, DbTx } from "@disclose/db";
import { DEFAULT_ACK_DEADLINE_HOURS, hasControlCharacters, RETENTION_DAYS } from "@disclose/domain";
import { z } from "zod";

/** How long a member's unlocked key stays unlocked in an idle browser tab, unless an admin says otherwise. */
export const DEFAULT_UNLOCK_IDLE_MINUTES = 15;

export interface TSettings {
  ackDeadlineHours: number;
  unlockIdleMinutes: number;
  /** Reporters' personal data is erased this many days after their report's case closes. */
  reporterDataRetentionDays: number;
  /** How the forthcoming-fix notice and advisories name the project; empty when no admin has set it. */
  projectName: string;
  /** The portal publishes the public record (aggregate figures of released cases); off unless an admin chose it. */
  publicMetrics: boolean;
}

/** The longest project name (the database's settings_project_name_check says the same). */
export const PROJECT_NAME_MAX = 100;

/**
 * The project's name as an admin sets it: trimmed, at most 100 characters, empty to clear. One line, shown in
 * the forthcoming-fix notice's title and body, so no control or bidi characters, and no backticks (the notice
 * refuses them: they would end its code spans).
 */
export const ZProjectName = z
  .string("Enter the project's name as text.")
  .trim()
  .max(PROJECT_NAME_MAX, `Enter the project's name in at most ${PROJECT_NAME_MAX} characters.`)
  .refine((s) => !hasControlCharacters(s), "Remove the control characters from the project's name.")
  .refine((s) => !s.includes("`"), "Remove the backticks from the project's name.");

/** Deployment settings any signed-in member may read (the migration inserts the one row). */
export async function getSettings({ db }: { db: Db | DbTx }): Promise<TSettings> {
  const settings = await db.settings.findUnique({ where: { id: 1 } });
  return {
    ackDeadlineHours: settings?.ackDeadlineHours ?? DEFAULT_ACK_DEADLINE_HOURS,
    unlockIdleMinutes: settings?.unlockIdleMinutes ?? DEFAULT_UNLOCK_IDLE_MINUTES,
    reporterDataRetentionDays: settings?.reporterDataRetentionDays ?? RETENTION_DAYS.default,
    projectName: settings?.projectName ?? "",
    publicMetrics: settings?.publicMetrics ?? false,
  };
}
