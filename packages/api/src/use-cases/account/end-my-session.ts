import { appendAuditEvent, type Db } from "@disclose/db";
import { z } from "zod";
import { deviceLabel } from "../../auth/device-label";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";

export const ZEndMySessionInput = z.object({
  // Session ids are cuids; anything else names no session and is refused before the database sees it.
  sessionId: z
    .string()
    .min(1, "Choose a session to end.")
    .max(64, "There is no such session.")
    .regex(/^[0-9a-z]+$/, "There is no such session."),
});
export type TEndMySessionInput = z.infer<typeof ZEndMySessionInput>;

export const ZEndedSession = z.object({
  ended: z.literal(true),
  /** The caller ended the session of this request: the browser signs out next. */
  wasCurrent: z.boolean(),
});
export type TEndedSession = z.infer<typeof ZEndedSession>;

/**
 * Ends one of the caller's own sessions (a browser left signed in elsewhere): its row goes, so its cookie opens
 * nothing from the next request on. Scoped by owner: another person's session id is "not found" and stays alive.
 */
export async function endMySession({
  db,
  session,
  sessionId,
  now,
}: TEndMySessionInput & { db: Db; session: SessionInfo; now: Date }): Promise<TEndedSession> {
  return db.$transaction(async (tx) => {
    const [ended] = await tx.$queryRaw<{ user_agent: string | null; created_ip: string | null }[]>`
      DELETE FROM sessions WHERE id = ${sessionId} AND user_id = ${session.userId}
      RETURNING user_agent, created_ip`;
    if (!ended)
      throw new AppError(AppErrorCode.NOT_FOUND, "You have no such session. It may have ended already.");
    const wasCurrent = sessionId === session.sessionId;
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "session.ended",
      subjectType: "session",
      subjectId: sessionId,
      // The row is gone: the account page names the device it was from these.
      data: { device: deviceLabel(ended.user_agent), address: ended.created_ip, current: wasCurrent },
      occurredAt: now,
    });
    return { ended: true as const, wasCurrent };
  });
}
