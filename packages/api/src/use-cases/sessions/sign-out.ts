import { appendAuditEvent, type Db } from "@disclose/db";
import type { SessionInfo } from "../../context";

/** Ends the caller's own session: the row goes, so the cookie stops working on the next request. */
export async function signOut({
  db,
  session,
  now,
}: {
  db: Db;
  session: SessionInfo;
  now: Date;
}): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.session.deleteMany({ where: { id: session.sessionId, userId: session.userId } });
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "session.signed_out",
      subjectType: "session",
      subjectId: session.sessionId,
      data: {},
      occurredAt: now,
    });
  });
}
