import { randomUUID } from "node:crypto";
import type { Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { noteRefusal, ZNoteTopic } from "./list-case-notes";
import {
  armoredMessage,
  authorizeWorkspace,
  ensureCaseRow,
  storeSealedItem,
  ZReportId,
} from "./workspace-access";

/** What the database holds at most (case_notes_ciphertext_size_check). */
export const NOTE_CIPHERTEXT_MAX_BYTES = 256 * 1024;

export const ZPostCaseNoteInput = z.object({
  reportId: ZReportId,
  topic: ZNoteTopic,
  ciphertext: z.string().min(1, "The note is empty.").max(NOTE_CIPHERTEXT_MAX_BYTES, "The note is too long."),
});
export type TPostCaseNoteInput = z.infer<typeof ZPostCaseNoteInput>;

/**
 * An internal note of the case (workspace or retrospective), encrypted in the author's browser to exactly the
 * people who may read the case's notes now (see sealedItemRows). Stored with its readers' key packets and
 * audited, in one transaction.
 */
export async function postCaseNote({
  db,
  session,
  input,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: TPostCaseNoteInput;
  now: Date;
}): Promise<{ noteId: string; createdAt: Date }> {
  const message = armoredMessage(input.ciphertext, "ciphertext", "The note", NOTE_CIPHERTEXT_MAX_BYTES);
  return db.$transaction(async (tx) => {
    const { facts, actor } = await authorizeWorkspace(tx, session, input.reportId);
    const refusal = noteRefusal(actor, facts, input.topic);
    if (refusal) throw new AppError(AppErrorCode[refusal.code], refusal.reason);
    const noteId = randomUUID();
    await ensureCaseRow(tx, facts, now);
    const created = await storeSealedItem(
      tx,
      {
        facts,
        item: { kind: "note", id: noteId },
        message,
        field: "ciphertext",
        now,
        what: "The note",
        actorId: session.userId,
        action: "workspace.note_posted",
        data: { noteId, topic: input.topic },
      },
      () =>
        tx.caseNote.create({
          data: {
            id: noteId,
            caseId: facts.id,
            topic: input.topic,
            authorUserId: session.userId,
            ciphertext: message,
            createdAt: now,
          },
          select: { id: true, createdAt: true },
        }),
    );
    return { noteId: created.id, createdAt: created.createdAt };
  });
}
