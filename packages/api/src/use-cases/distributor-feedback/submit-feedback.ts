import { randomUUID } from "node:crypto";
import { appendAuditEvent, type Db } from "@disclose/db";
import { enqueueEmail, renderEmail } from "@disclose/email";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { apiEnv, isProduction } from "../../env";
import { AppError, AppErrorCode } from "../../errors";
import { insertKeyPackets } from "../access/key-packets";
import { isUuid } from "../cases/case-access";
import { armoredMessage, sealedItemRows, ZReportId } from "../workspace/workspace-access";
import { feedbackRefusal } from "./feedback-recipients";
import { ZFeedbackResult, ZFeedbackStatus } from "./feedback-values";
import { authorizeNotifiedDistributor } from "./notified-distributor";

/** What the database holds at most (distributor_feedback_details_check). */
export const FEEDBACK_DETAILS_MAX_BYTES = 256 * 1024;

export const ZSubmitFeedbackInput = z.object({
  reportId: ZReportId,
  /** The patch version the feedback is about (one the organisation received), or null for the case as a whole. */
  patchVersionId: z.string().trim().max(64, "That is not a patch version.").nullable().default(null),
  status: ZFeedbackStatus,
  result: ZFeedbackResult,
  /** What was found, encrypted in the member's browser to exactly the case's team; null: no details. */
  details: z.string().max(FEEDBACK_DETAILS_MAX_BYTES, "The details are too long.").nullable().default(null),
});
export type TSubmitFeedbackInput = z.input<typeof ZSubmitFeedbackInput>;

/**
 * A notified distributor's contribution back: affected or not, what its tests found, and details sealed to the
 * case's team (never readable by the server, nor by other organisations). Stored with the team's key packets,
 * audited, and the Fix Lead told by email that feedback arrived (nothing of it), in one transaction.
 */
export async function submitFeedback({
  db,
  session,
  input,
  now,
  adminUrl = apiEnv().ADMIN_URL,
}: {
  db: Db;
  session: SessionInfo;
  input: z.output<typeof ZSubmitFeedbackInput>;
  now: Date;
  adminUrl?: string;
}): Promise<{ feedbackId: string; createdAt: Date }> {
  const details =
    input.details === null || input.details.trim() === ""
      ? null
      : armoredMessage(input.details, "details", "The details", FEEDBACK_DETAILS_MAX_BYTES);
  return db.$transaction(async (tx) => {
    const { facts, organizationId, organizationName } = await authorizeNotifiedDistributor(
      tx,
      session,
      input.reportId,
    );
    const refusal = feedbackRefusal(facts.state);
    if (refusal) throw new AppError(AppErrorCode.CONFLICT, refusal);
    if (input.patchVersionId !== null) {
      // Only a version the organisation received: another organisation's or case's ids say nothing.
      const copy = isUuid(input.patchVersionId)
        ? await tx.distributorCopy.findFirst({
            where: { caseId: facts.id, organizationId, patchVersionId: input.patchVersionId },
            select: { id: true },
          })
        : null;
      if (!copy) {
        throw new AppError(AppErrorCode.BAD_INPUT, "Choose a patch version your organisation received.", {
          field: "patchVersionId",
        });
      }
    }
    const feedbackId = randomUUID();
    const rows = details
      ? await sealedItemRows(tx, {
          facts,
          item: { kind: "distributor-feedback", id: feedbackId },
          message: details,
          field: "details",
          now,
          what: "The details",
        })
      : [];
    const created = await tx.distributorFeedback.create({
      data: {
        id: feedbackId,
        caseId: facts.id,
        organizationId,
        patchVersionId: input.patchVersionId,
        authorId: session.userId,
        status: input.status,
        result: input.result,
        detailsCiphertext: details,
        createdAt: now,
      },
      select: { id: true, createdAt: true },
    });
    await insertKeyPackets(tx, rows, now);
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "distributor.feedback_submitted",
      subjectType: "report",
      subjectId: facts.id,
      data: {
        feedbackId,
        organizationId,
        patchVersionId: input.patchVersionId,
        status: input.status,
        result: input.result,
        recipients: rows.map((r) => r.key.fingerprint),
      },
      occurredAt: now,
    });
    if (facts.fixLeadId) {
      const lead = await tx.user.findFirst({
        where: { id: facts.fixLeadId, active: true, ...(isProduction() ? { isDemo: false } : {}) },
        select: { email: true },
      });
      if (lead) {
        await enqueueEmail(tx, {
          to: lead.email,
          ...renderEmail("distributorFeedbackReceived", {
            organizationName,
            reportShortId: facts.id.slice(0, 8),
            url: `${adminUrl}/reports/${facts.id}/distributors`,
          }),
        });
      }
    }
    return { feedbackId: created.id, createdAt: created.createdAt };
  });
}
