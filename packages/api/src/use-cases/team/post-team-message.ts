import { randomUUID } from "node:crypto";
import { REPORT_LIMITS as L, splitAnyMessage } from "@disclose/crypto";
import { appendAuditEvent, type Db } from "@disclose/db";
import { enqueueEmail, renderEmail } from "@disclose/email";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { isProduction } from "../../env";
import { AppError, AppErrorCode } from "../../errors";
import { encryptionKeyIds, insertKeyPackets, keyPacketRowsFor } from "../access/key-packets";
import { normaliseArmor } from "../reports/submit-report";
import { displayName } from "../users/display-name";
import { authorizeTeamDiscussion, teamReaders } from "./team-access";

export const MAX_MENTIONS = 20;

export const ZPostTeamMessageInput = z.object({
  reportId: z.string().trim().min(1, "Choose a report.").max(64, "That is not a report id."),
  ciphertext: z.string().min(1, "The message is empty.").max(200_000, "The message is too long."),
  mentions: z
    .array(z.string().trim().min(1).max(64, "That is not an account id."))
    .max(MAX_MENTIONS, `Mention at most ${MAX_MENTIONS} people.`)
    .default([]),
});
export type TPostTeamMessageInput = z.infer<typeof ZPostTeamMessageInput>;

/**
 * A message in a case's team discussion, encrypted in the author's browser to everyone who may read it now and
 * to nobody else: a message that leaves out a current reader is refused as stale (the browser fetches the keys
 * again), one also encrypted to another key is refused outright. Mentioned people must read the case; each gets
 * an email through the outbox that names the author and the report, never the content. Stored with its readers'
 * key packets and audited, in one transaction.
 */
export async function postTeamMessage({
  db,
  session,
  input,
  adminUrl,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: TPostTeamMessageInput;
  adminUrl: string;
  now: Date;
}): Promise<{ messageId: string; createdAt: Date }> {
  const message = normaliseArmor(input.ciphertext);
  if (message.length > L.messageCiphertextMaxBytes) {
    throw new AppError(AppErrorCode.PAYLOAD_TOO_LARGE, "The message is too long.", { field: "ciphertext" });
  }
  return db.$transaction(async (tx) => {
    const { facts } = await authorizeTeamDiscussion(tx, session, input.reportId);
    const readers = await teamReaders(tx, facts, now);
    const byId = new Map(readers.map((r) => [r.userId, r]));
    const mentions = [...new Set(input.mentions)];
    for (const [index, id] of mentions.entries()) {
      if (!byId.has(id)) {
        // Whoever that is (nobody, an admin, a Fix Team member of another case), they may not read it.
        throw new AppError(
          AppErrorCode.BAD_INPUT,
          `Mention ${index + 1} is not someone who reads this case. Only the PST and this case's Fix Team can be mentioned.`,
          { field: "mentions" },
        );
      }
    }
    const keys = readers.flatMap((r) => (r.key ? [r.key] : []));
    const messageId = randomUUID();
    const rows = await keyPacketRowsFor({
      reportId: facts.id,
      item: { kind: "team-message", id: messageId },
      message,
      required: keys,
      field: "ciphertext",
    });
    // Exactly the readers: a session key wrapped to anyone else would sit in the stored message.
    const allowed = new Set((await Promise.all(keys.map((k) => encryptionKeyIds(k)))).flat());
    const { keyPackets } = await splitAnyMessage(message);
    if (keyPackets.some((p) => p.keyId === null || !allowed.has(p.keyId))) {
      throw new AppError(
        AppErrorCode.BAD_INPUT,
        "This is also encrypted to a key of someone who may not read this team discussion. It was not stored.",
        { field: "ciphertext" },
      );
    }
    const created = await tx.teamMessage.create({
      data: {
        id: messageId,
        reportId: facts.id,
        authorUserId: session.userId,
        ciphertext: message,
        mentions,
        createdAt: now,
      },
      select: { id: true, createdAt: true },
    });
    await insertKeyPackets(tx, rows, now);
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "case.team_message_posted",
      subjectType: "report",
      subjectId: facts.id,
      data: { messageId, recipients: rows.map((r) => r.key.fingerprint), mentions },
      occurredAt: now,
    });
    const notify = mentions.filter((id) => id !== session.userId);
    if (notify.length > 0) {
      const author = await tx.user.findUniqueOrThrow({
        where: { id: session.userId },
        select: { name: true, email: true },
      });
      const people = await tx.user.findMany({
        // In production a demo account is no account (as for sign-in links and the new-report alert).
        where: { id: { in: notify }, active: true, ...(isProduction() ? { isDemo: false } : {}) },
        select: { id: true, email: true },
        orderBy: { id: "asc" },
      });
      for (const person of people) {
        await enqueueEmail(tx, {
          to: person.email,
          ...renderEmail("teamMention", {
            authorName: displayName(author),
            reportShortId: facts.id.slice(0, 8),
            reportUrl: `${adminUrl}/reports/${facts.id}#team-discussion`,
          }),
        });
      }
    }
    return { messageId: created.id, createdAt: created.createdAt };
  });
}
