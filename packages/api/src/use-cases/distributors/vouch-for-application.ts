import { appendAuditEvent, type Db } from "@disclose/db";
import { mayVouch } from "@disclose/domain";
import { enqueueEmail, renderEmail } from "@disclose/email";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import {
  applicationNotFound,
  applicationUrl,
  isPstMember,
  lockApplication,
  pstEmailAddresses,
  reviewContext,
  reviewText,
  ZApplicationId,
  ZVouchDecision,
} from "./review-access";

export const ZVouchInput = z.object({
  applicationId: ZApplicationId,
  decision: ZVouchDecision,
  comment: reviewText("a comment: why you vouch, or why not", 2000),
});
export type TVouchInput = z.infer<typeof ZVouchInput>;

export const ZVouchResult = z.object({
  applicationId: z.string(),
  decision: ZVouchDecision,
  /** The caller had vouched before and changed their answer. */
  updated: z.boolean(),
});
export type TVouchResult = z.infer<typeof ZVouchResult>;

/**
 * The person named as voucher (while on the list) or any PST member answers "do you vouch for this applicant?".
 * One answer per person, which they may change while the application waits for the PST's decision.
 */
export async function vouchForApplication({
  db,
  session,
  input,
  adminUrl,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: TVouchInput;
  adminUrl: string;
  now: Date;
}): Promise<TVouchResult> {
  return db.$transaction(async (tx) => {
    // A vouch and a decision on the same application never interleave.
    await lockApplication(tx, input.applicationId);
    const application = await tx.distributorApplication.findUnique({
      where: { id: input.applicationId },
      select: { id: true, status: true, voucherUserId: true, organizationName: true },
    });
    if (!application) throw applicationNotFound();
    const review = await reviewContext(tx);
    const pst = isPstMember(session);
    const named = application.voucherUserId === session.userId;
    // Someone else's request stays invisible; the person named learns why they can no longer answer.
    if (!pst && !named) throw applicationNotFound();
    if (!pst && !mayVouch(session.userId, review.members, review.pstIds)) {
      throw new AppError(
        AppErrorCode.FORBIDDEN,
        "You are no longer on the private distributors list, so you cannot vouch.",
      );
    }
    if (application.status !== "submitted") {
      throw new AppError(
        AppErrorCode.CONFLICT,
        `The PST already decided on this application (${application.status}): vouches are closed.`,
      );
    }
    const existing = await tx.distributorVouch.findUnique({
      where: { applicationId_voucherId: { applicationId: application.id, voucherId: session.userId } },
      select: { id: true },
    });
    await tx.distributorVouch.upsert({
      where: { applicationId_voucherId: { applicationId: application.id, voucherId: session.userId } },
      create: {
        applicationId: application.id,
        voucherId: session.userId,
        decision: input.decision,
        comment: input.comment,
        at: now,
      },
      update: { decision: input.decision, comment: input.comment, at: now },
    });
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: existing ? "distributor_application.vouch_changed" : "distributor_application.vouched",
      subjectType: "distributor_application",
      subjectId: application.id,
      data: { decision: input.decision, asPst: pst, named },
      occurredAt: now,
    });
    const email = renderEmail("distributorVouchReceived", {
      organizationName: application.organizationName,
      voucherName: session.name ?? session.email,
      decision: input.decision,
      applicationUrl: applicationUrl(adminUrl, application.id),
    });
    for (const to of await pstEmailAddresses(tx)) await enqueueEmail(tx, { to, ...email });
    return { applicationId: application.id, decision: input.decision, updated: existing !== null };
  });
}
