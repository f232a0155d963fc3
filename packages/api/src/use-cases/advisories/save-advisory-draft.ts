import { randomUUID } from "node:crypto";
import type { Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { armoredMessage, ensureCaseRow, storeSealedItem } from "../workspace/workspace-access";
import { authorizeAdvisory, DRAFT_CIPHERTEXT_MAX_BYTES, draftRefusal, ZReportId } from "./advisory-access";

export const ZSaveAdvisoryDraftInput = z.object({
  reportId: ZReportId,
  ciphertext: z
    .string()
    .min(1, "The draft is empty.")
    .max(DRAFT_CIPHERTEXT_MAX_BYTES, "The draft is too long."),
  /** The draft this one replaces, as the editor loaded it: a newer one saved since is not overwritten silently. */
  previousDraftId: z.string().trim().max(64).nullable(),
});

/**
 * A new version of the case's advisory draft, encrypted in the author's browser to exactly the people who may read
 * it now. Saving over a draft someone else saved since the editor loaded is refused (CONFLICT), so no edit is lost.
 */
export async function saveAdvisoryDraft({
  db,
  session,
  input,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: z.infer<typeof ZSaveAdvisoryDraftInput>;
  now: Date;
}): Promise<{ draftId: string; createdAt: Date }> {
  const message = armoredMessage(input.ciphertext, "ciphertext", "The draft", DRAFT_CIPHERTEXT_MAX_BYTES);
  return db.$transaction(async (tx) => {
    const { facts, actor } = await authorizeAdvisory(tx, session, input.reportId);
    const refusal = draftRefusal(actor, facts);
    if (refusal) throw new AppError(AppErrorCode.CONFLICT, refusal);
    // One save at a time per case: the check below and the insert see the same newest draft.
    await tx.$executeRaw`SELECT 1 FROM cases WHERE id = ${facts.id}::uuid FOR UPDATE`;
    const newest = await tx.advisoryDraft.findFirst({
      where: { caseId: facts.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true, authorUser: { select: { name: true, email: true } } },
    });
    if ((newest?.id ?? null) !== (input.previousDraftId ?? null)) {
      throw new AppError(
        AppErrorCode.CONFLICT,
        "Someone saved the draft since you opened it. Copy your changes, reload, and apply them to the newer draft.",
        { field: "previousDraftId" },
      );
    }
    const draftId = randomUUID();
    await ensureCaseRow(tx, facts, now);
    const created = await storeSealedItem(
      tx,
      {
        facts,
        item: { kind: "advisory-draft", id: draftId },
        message,
        field: "ciphertext",
        now,
        what: "The draft",
        actorId: session.userId,
        action: "advisory.draft_saved",
        data: { draftId },
      },
      () =>
        tx.advisoryDraft.create({
          data: {
            id: draftId,
            caseId: facts.id,
            authorUserId: session.userId,
            ciphertext: message,
            createdAt: now,
          },
          select: { id: true, createdAt: true },
        }),
    );
    return { draftId: created.id, createdAt: created.createdAt };
  });
}
