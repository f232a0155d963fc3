import { appendAuditEvent, type Db } from "@disclose/db";
import type { SessionInfo } from "../../context";

/** Ends every session of the caller's account, this one included (a lost laptop, a shared computer). */
export async function signOutEverywhere({
  db,
  session,
  now,
}: {
  db: Db;
  session: SessionInfo;
  now: Date;
}): Promise<{ sessionsEnded: number }> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { userId: session.userId } });
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "session.signed_out_everywhere",
      subjectType: "user",
      subjectId: session.userId,
      data: { sessionsEnded: count },
      occurredAt: now,
    });
    return { sessionsEnded: count };
  });
}
