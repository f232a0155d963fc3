import type { Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";

export const ZNotificationPreferences = z.object({
  /** Reminders come only in the daily digest; the new-report alert still comes at once. */
  digestOnly: z.boolean(),
});
export type TNotificationPreferences = z.infer<typeof ZNotificationPreferences>;

/** The caller's own choice between single reminders and the daily digest only. */
export async function getNotificationPreferences({
  db,
  session,
}: {
  db: Db;
  session: SessionInfo;
}): Promise<TNotificationPreferences> {
  const user = await db.user.findUnique({ where: { id: session.userId }, select: { digestOnly: true } });
  return { digestOnly: user?.digestOnly ?? false };
}
