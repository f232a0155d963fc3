import type { Db } from "@disclose/db";
import type { SessionInfo } from "../../context";
import { authorizeCase } from "./case-access";
import { checkReplyCiphertext, notifyReporter, storePstMessage } from "./reporter-thread";

/** A message from the team to the reporter, end-to-end encrypted in the staff member's browser. */
export async function postMessageToReporter({
  db,
  session,
  reportId,
  ciphertext,
  now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  ciphertext: string;
  now: Date;
}): Promise<{ messageId: string }> {
  const { facts } = await authorizeCase(db, session, reportId, "report.comment");
  const report = await db.report.findUniqueOrThrow({
    where: { id: facts.id },
    select: { reporterPublicKey: true },
  });
  const message = await checkReplyCiphertext(ciphertext, report.reporterPublicKey);
  return db.$transaction(async (tx) => {
    const stored = await storePstMessage(tx, {
      reportId: facts.id,
      userId: session.userId,
      ciphertext: message,
      now,
    });
    await notifyReporter(tx, { reportId: facts.id, newMessage: true });
    return stored;
  });
}
