import { appendAuditEvent, type Db } from "@disclose/db";
import { mayHold, type TActor, type TCaseFacts } from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { itemKey, loadReaderPackets, serveItem } from "../access/key-packets";
import { displayName } from "../users/display-name";
import { authorizeWorkspace, readerKeyOut, workspaceReaders, ZReaderKeyOut } from "./workspace-access";

/** The case's internal notes: kept while the fix is worked on, and the retrospective after the release. */
export const NOTE_TOPICS = ["workspace", "retrospective"] as const;
export const ZNoteTopic = z.enum(NOTE_TOPICS, { error: 'Choose "workspace" or "retrospective".' });
export type TNoteTopic = z.infer<typeof ZNoteTopic>;

export const ZCaseNotes = z.object({
  topic: ZNoteTopic,
  notes: z.array(
    z.object({
      id: z.string(),
      authorUserId: z.string().nullable(),
      authorName: z.string().nullable(),
      createdAt: z.date(),
      /** The note with only the caller's own session-key packets; null: not granted to the caller yet. */
      ciphertext: z.string().nullable(),
    }),
  ),
  /** The keys a new note must be encrypted to: everyone who may read the case's notes now. */
  readers: z.array(ZReaderKeyOut),
  mayPost: z.boolean(),
  /** Why the caller may not write (null when they may). */
  postRefusal: z.string().nullable(),
});
export type TCaseNotes = z.infer<typeof ZCaseNotes>;

/**
 * Why `actor` may not write a note of `topic` now, or null. Workspace notes are kept until the case closes; the
 * retrospective is written once the case is released.
 */
export function noteRefusal(
  actor: TActor,
  facts: TCaseFacts,
  topic: TNoteTopic,
): { code: "FORBIDDEN" | "CONFLICT"; reason: string } | null {
  if (!mayHold(actor, "note", facts)) {
    return { code: "FORBIDDEN", reason: "Only the PST and this case's Fix Team write its notes." };
  }
  if (topic === "retrospective" && !["released", "closed"].includes(facts.state)) {
    return { code: "CONFLICT", reason: "The retrospective is written once the case is released." };
  }
  if (topic === "workspace" && facts.state === "closed") {
    return { code: "CONFLICT", reason: "This case is closed: its workspace notes are a record now." };
  }
  return null;
}

/**
 * A case's notes of one topic for one of its people, each carrying only the caller's own session-key packets.
 * Every read is audited (by counts, never content).
 */
export async function listCaseNotes({
  db,
  session,
  reportId,
  topic,
  now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  topic: TNoteTopic;
  now: Date;
}): Promise<TCaseNotes> {
  return db.$transaction(async (tx) => {
    const { facts, actor } = await authorizeWorkspace(tx, session, reportId);
    if (!mayHold(actor, "note", facts)) {
      throw new AppError(AppErrorCode.FORBIDDEN, "Only the PST and this case's Fix Team read its notes.");
    }
    const rows = await tx.caseNote.findMany({
      where: { caseId: facts.id, topic },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      include: { authorUser: { select: { name: true, email: true } } },
    });
    const packets = await loadReaderPackets(tx, {
      reportId: facts.id,
      reader: { reader: "staff", userId: session.userId },
      kinds: ["note"],
    });
    const notes = await Promise.all(
      rows.map(async (n) => ({
        id: n.id,
        authorUserId: n.authorUserId,
        authorName: n.authorUser ? displayName(n.authorUser) : null,
        createdAt: n.createdAt,
        ciphertext: await serveItem(n.ciphertext, packets.get(itemKey("note", n.id))),
      })),
    );
    const readers = await workspaceReaders(tx, facts, "note", now);
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "workspace.notes_read",
      subjectType: "report",
      subjectId: facts.id,
      data: { topic, notes: notes.length, served: notes.filter((n) => n.ciphertext !== null).length },
      occurredAt: now,
    });
    const refusal = noteRefusal(actor, facts, topic);
    return {
      topic,
      notes,
      readers: readers.map(readerKeyOut),
      mayPost: refusal === null,
      postRefusal: refusal?.reason ?? null,
    };
  });
}
