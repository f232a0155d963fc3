import { randomUUID } from "node:crypto";
import { dearmorMessage } from "@disclose/crypto";
import { appendAuditEvent, type Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { isUuid } from "../cases/case-access";
import {
  authorizeDisclosure,
  checkCopyRecipients,
  loadOrganizationRecipients,
  ZOrganizationId,
} from "../early-disclosure/disclosure-access";
import { armoredMessage } from "../workspace/workspace-access";
import { DRAFT_CIPHERTEXT_MAX_BYTES, ZReportId } from "./advisory-access";

export const ZDraftRecipients = z.object({
  organizations: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      keys: z.array(z.object({ fingerprint: z.string(), armoredPublicKey: z.string() })),
    }),
  ),
});

/** The organisations notified of the case that can receive, each with the keys its copy of the draft is for. */
async function notifiedRecipients(db: Db, caseId: string, now: Date) {
  const notified = await db.distributorNotification.findMany({
    where: { caseId, notifiedAt: { not: null } },
    select: { organizationId: true },
  });
  const organizations = await loadOrganizationRecipients(
    db,
    now,
    notified.map((n) => n.organizationId),
  );
  return organizations.filter((o) => !o.cannotReceive);
}

/**
 * What "Share the draft with distributors" needs, fetched when the Fix Lead starts it: each notified organisation
 * and the keys its copy is encrypted to (its members' usable keys and its team key, as for the patches).
 */
export async function getDraftRecipients({
  db,
  session,
  reportId,
  now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  now: Date;
}): Promise<z.infer<typeof ZDraftRecipients>> {
  const facts = await authorizeDisclosure(db, session, reportId);
  const organizations = await notifiedRecipients(db, facts.id, now);
  return {
    organizations: organizations.map((o) => ({
      id: o.id,
      name: o.name,
      keys: o.recipients.map((r) => ({ fingerprint: r.fingerprint, armoredPublicKey: r.armoredPublicKey })),
    })),
  };
}

export const ZShareAdvisoryDraftInput = z.object({
  reportId: ZReportId,
  draftId: z.string().trim().min(1, "Choose the draft.").max(64, "That is not a draft."),
  copies: z
    .array(
      z.object({
        organizationId: ZOrganizationId,
        ciphertext: z
          .string()
          .min(1, "The copy is empty.")
          .max(DRAFT_CIPHERTEXT_MAX_BYTES, "The copy is too long."),
      }),
    )
    .min(1, "Choose at least one organisation.")
    .max(50, "At most 50 copies at once."),
});

/**
 * The Fix Lead shares the newest draft (advisory and announcement) with notified organisations, so they can help
 * with the release notes: each organisation's copy is decrypted and encrypted afresh to exactly its keys in the
 * Fix Lead's browser (copies, not grants). A copy made again replaces the organisation's copy of that draft.
 */
export async function shareAdvisoryDraft({
  db,
  session,
  input,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: z.infer<typeof ZShareAdvisoryDraftInput>;
  now: Date;
}): Promise<{ shared: number }> {
  const facts = await authorizeDisclosure(db, session, input.reportId);
  if (facts.state === "closed") {
    throw new AppError(AppErrorCode.CONFLICT, "This case is closed: its draft is no longer shared.");
  }
  const newest = await db.advisoryDraft.findFirst({
    where: { caseId: facts.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true },
  });
  if (!newest || !isUuid(input.draftId) || newest.id !== input.draftId.toLowerCase()) {
    throw new AppError(
      AppErrorCode.CONFLICT,
      "The draft changed since you opened it. Reload and share the newest.",
      {
        field: "draftId",
      },
    );
  }
  const organizations = await notifiedRecipients(db, facts.id, now);
  const checked: { organizationId: string; message: string }[] = [];
  for (const [i, copy] of input.copies.entries()) {
    const field = `copies.${i}.ciphertext`;
    const org = organizations.find((o) => o.id === copy.organizationId.toLowerCase());
    if (!org) {
      throw new AppError(AppErrorCode.BAD_INPUT, "That organisation was not notified of this case.", {
        field: `copies.${i}.organizationId`,
      });
    }
    if (checked.some((c) => c.organizationId === org.id)) {
      throw new AppError(AppErrorCode.BAD_INPUT, "Two copies for the same organisation.", { field });
    }
    const message = armoredMessage(copy.ciphertext, field, "The copy", DRAFT_CIPHERTEXT_MAX_BYTES);
    let bytes: Uint8Array;
    try {
      bytes = await dearmorMessage(message);
    } catch {
      throw new AppError(AppErrorCode.BAD_INPUT, "This copy is not an encrypted OpenPGP message.", { field });
    }
    await checkCopyRecipients(bytes, org.recipients, field);
    checked.push({ organizationId: org.id, message });
  }
  await db.$transaction(async (tx) => {
    for (const copy of checked) {
      await tx.advisoryDraftCopy.deleteMany({
        where: { draftId: newest.id, organizationId: copy.organizationId },
      });
      await tx.advisoryDraftCopy.create({
        data: {
          id: randomUUID(),
          caseId: facts.id,
          organizationId: copy.organizationId,
          draftId: newest.id,
          ciphertext: copy.message,
          createdAt: now,
        },
      });
    }
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "advisory.draft_shared",
      subjectType: "report",
      subjectId: facts.id,
      data: { draftId: newest.id, organizationIds: checked.map((c) => c.organizationId) },
      occurredAt: now,
    });
  });
  return { shared: checked.length };
}
