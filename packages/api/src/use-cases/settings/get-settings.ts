import type { Db } from "@disclose/db";
import { DEFAULT_ACK_DEADLINE_HOURS } from "@disclose/domain";

/** Deployment settings any signed-in member may read (the migration inserts the one row). */
export async function getSettings({ db }: { db: Db }): Promise<{ ackDeadlineHours: number }> {
  const settings = await db.settings.findUnique({ where: { id: 1 } });
  return { ackDeadlineHours: settings?.ackDeadlineHours ?? DEFAULT_ACK_DEADLINE_HOURS };
}
