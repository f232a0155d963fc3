import { appendAuditEvent, type Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { isTeamMember } from "../users/set-availability";
import type { TNotificationPreferences } from "./get-notification-preferences";

export const ZSetDigestOnlyInput = z.object({
  digestOnly: z.boolean({ error: "Choose single reminders or the daily digest only." }),
});
export type TSetDigestOnlyInput = z.infer<typeof ZSetDigestOnlyInput>;

/**
 * The signed-in member chooses how reminders reach them: each one by email as it falls due, or only inside the
 * daily digest (sendDueReminders). The new-report alert comes at once either way (the policy: IMMEDIATELY).
 * Only their own row, audited. Accounts that only speak for a distributor get no reminders, so no choice.
 */
export async function setDigestOnly({
  db,
  session,
  input,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: TSetDigestOnlyInput;
  now: Date;
}): Promise<TNotificationPreferences> {
  if (!isTeamMember(session)) {
    throw new AppError(AppErrorCode.FORBIDDEN, "Reminders are for members of the security team.");
  }
  return db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: session.userId, active: true },
      data: { digestOnly: input.digestOnly },
    });
    if (count !== 1) throw new AppError(AppErrorCode.UNAUTHENTICATED, "Please sign in.");
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "user.reminder_preference_changed",
      subjectType: "user",
      subjectId: session.userId,
      data: { digestOnly: input.digestOnly },
      occurredAt: now,
    });
    return { digestOnly: input.digestOnly };
  });
}
