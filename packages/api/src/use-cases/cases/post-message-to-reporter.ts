import { randomUUID } from "node:crypto";
import type { Db } from "@disclose/db";
import type { SessionInfo } from "../../context";
import { authorizeCase } from "./case-access";
import { checkPstMessage, notifyReporter, storePstMessage } from "./reporter-thread";

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
  return db.$transaction(async (tx) => {
    const { facts } = await authorizeCase(tx, session, reportId, "report.comment");
    const messageId = randomUUID();
    const { message, rows } = await checkPstMessage(tx, { facts, ciphertext, messageId, now });
    const stored = await storePstMessage(tx, {
      reportId: facts.id,
      messageId,
      userId: session.userId,
      message,
      rows,
      now,
    });
    await notifyReporter(tx, { reportId: facts.id, newMessage: true });
    return stored;
  });
}
