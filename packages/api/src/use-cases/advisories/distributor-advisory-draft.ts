import { randomUUID } from "node:crypto";
import { appendAuditEvent, type Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { authorizeNotifiedDistributor } from "../distributor-feedback/notified-distributor";
import { displayName } from "../users/display-name";
import { armoredMessage, storeSealedItem, workspaceReaders } from "../workspace/workspace-access";
import { COMMENT_CIPHERTEXT_MAX_BYTES, ZReportId } from "./advisory-access";

export const ZDistributorAdvisoryDraft = z.object({
  reportId: z.string(),
  organizationName: z.string(),
  /** The organisation's copy of the newest draft shared with it (encrypted to its keys), or null. */
  copy: z.object({ draftId: z.string(), sharedAt: z.date(), ciphertext: z.string() }).nullable(),
  /** The keys a comment is encrypted to: the case's team. */
  keys: z.array(z.object({ fingerprint: z.string(), armoredPublicKey: z.string() })),
  /** The organisation's comments so far (their text is sealed to the team; only who and when here). */
  comments: z.array(z.object({ id: z.string(), createdAt: z.date(), authorName: z.string().nullable() })),
  mayComment: z.boolean(),
  commentRefusal: z.string().nullable(),
});

/** Comments on the draft are written until the advisory is published (release notes are done then). */
function commentRefusal(state: string, hasCopy: boolean): string | null {
  if (!hasCopy) return "The Fix Lead has not shared a draft of the advisory with your organisation yet.";
  if (state === "released" || state === "closed") {
    return "The case is released: the published advisory replaced the draft.";
  }
  return null;
}

/**
 * A notified distributor's view of the draft advisory and announcement: its organisation's own copy (served only
 * to its members; read audited), the team's keys for a comment, and who of the organisation commented when.
 */
export async function getDistributorAdvisoryDraft({
  db,
  session,
  reportId,
  now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  now: Date;
}): Promise<z.infer<typeof ZDistributorAdvisoryDraft>> {
  return db.$transaction(async (tx) => {
    const { facts, organizationId, organizationName } = await authorizeNotifiedDistributor(
      tx,
      session,
      reportId,
    );
    const [copy, comments, readers] = await Promise.all([
      tx.advisoryDraftCopy.findFirst({
        where: { caseId: facts.id, organizationId },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        select: { draftId: true, createdAt: true, ciphertext: true },
      }),
      tx.advisoryComment.findMany({
        where: { caseId: facts.id, organizationId },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true, createdAt: true, author: { select: { name: true, email: true } } },
      }),
      workspaceReaders(tx, facts, "advisory-comment", now),
    ]);
    if (copy) {
      await appendAuditEvent(tx, {
        actorId: session.userId,
        actorKind: "user",
        action: "advisory.draft_copy_read",
        subjectType: "report",
        subjectId: facts.id,
        data: { organizationId, draftId: copy.draftId },
        occurredAt: now,
      });
    }
    const refusal = commentRefusal(facts.state, copy !== null);
    return {
      reportId: facts.id,
      organizationName,
      copy: copy ? { draftId: copy.draftId, sharedAt: copy.createdAt, ciphertext: copy.ciphertext } : null,
      keys: readers.flatMap((r) =>
        r.key ? [{ fingerprint: r.key.fingerprint, armoredPublicKey: r.key.armoredPublicKey }] : [],
      ),
      comments: comments.map((c) => ({
        id: c.id,
        createdAt: c.createdAt,
        authorName: c.author ? displayName(c.author) : null,
      })),
      mayComment: refusal === null,
      commentRefusal: refusal,
    };
  });
}

export const ZCommentOnAdvisoryInput = z.object({
  reportId: ZReportId,
  ciphertext: z
    .string()
    .min(1, "Write the comment.")
    .max(COMMENT_CIPHERTEXT_MAX_BYTES, "The comment is too long."),
});

/** A notified distributor's comment on the draft, sealed in the member's browser to exactly the case's team. */
export async function commentOnAdvisory({
  db,
  session,
  input,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: z.infer<typeof ZCommentOnAdvisoryInput>;
  now: Date;
}): Promise<{ commentId: string; createdAt: Date }> {
  const message = armoredMessage(input.ciphertext, "ciphertext", "The comment", COMMENT_CIPHERTEXT_MAX_BYTES);
  return db.$transaction(async (tx) => {
    const { facts, organizationId } = await authorizeNotifiedDistributor(tx, session, input.reportId);
    const copy = await tx.advisoryDraftCopy.findFirst({
      where: { caseId: facts.id, organizationId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { draftId: true },
    });
    const refusal = commentRefusal(facts.state, copy !== null);
    if (refusal) throw new AppError(AppErrorCode.CONFLICT, refusal);
    const commentId = randomUUID();
    const created = await storeSealedItem(
      tx,
      {
        facts,
        item: { kind: "advisory-comment", id: commentId },
        message,
        field: "ciphertext",
        now,
        what: "The comment",
        actorId: session.userId,
        action: "advisory.comment_posted",
        data: { commentId, organizationId },
      },
      () =>
        tx.advisoryComment.create({
          data: {
            id: commentId,
            caseId: facts.id,
            organizationId,
            draftId: copy?.draftId ?? null,
            authorId: session.userId,
            ciphertext: message,
            createdAt: now,
          },
          select: { id: true, createdAt: true },
        }),
    );
    return { commentId: created.id, createdAt: created.createdAt };
  });
}
