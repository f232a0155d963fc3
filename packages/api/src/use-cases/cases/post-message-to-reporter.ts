import { randomUUID } from "node:crypto";
import type { Db } from "@disclose/db";
import type { SessionInfo } from "../../context";
import { mailTeamMessage, type TClearReply, type TMailedAs } from "../intake/mail-team-message";
import { authorizeCase } from "./case-access";
import { checkPstMessage, notifyReporter, storePstMessage } from "./reporter-thread";

/** A message from the team to the reporter, end-to-end encrypted in the staff member's browser. */
export async function postMessageToReporter({
  db,
  session,
  reportId,
  ciphertext,
  clear,
  now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  ciphertext: string;
  /** For a reporter who wrote by email and sent no key: the reply in clear, and the member's confirmation. */
  clear?: TClearReply;
  now: Date;
}): Promise<{ messageId: string; mailedAs: TMailedAs }> {
  return db.$transaction(async (tx) => {
    const { facts } = await authorizeCase(tx, session, reportId, "report.comment");
    const messageId = randomUUID();
    const { message, rows } = await checkPstMessage(tx, { facts, ciphertext, messageId, now });
    // A reporter who wrote by email gets the message by email (in this transaction: sent only if stored).
    const mailedAs = await mailTeamMessage(tx, { reportId: facts.id, message, rows, clear, now });
    const stored = await storePstMessage(tx, {
      reportId: facts.id,
      messageId,
      userId: session.userId,
      message,
      rows,
      now,
      mailedAs,
    });
    await notifyReporter(tx, { reportId: facts.id, newMessage: true });
    return { ...stored, mailedAs };
  });
}
