import { appendAuditEvent, type Db } from "@disclose/db";
import { enqueueEmail, renderEmail } from "@disclose/email";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import {
  alreadyDecided,
  applicationNotFound,
  assertPstMember,
  lockApplication,
  reviewText,
  ZApplicationId,
} from "./review-access";

export const ZRejectApplicationInput = z.object({
  applicationId: ZApplicationId,
  reason: reviewText("the reason (the applicant reads it)", 2000),
});
export type TRejectApplicationInput = z.infer<typeof ZRejectApplicationInput>;

export const ZRejectedApplication = z.object({ applicationId: z.string() });

/** A PST member turns an application down with a reason, which the applicant is sent. */
export async function rejectApplication({
  db,
  session,
  input,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: TRejectApplicationInput;
  now: Date;
}): Promise<z.infer<typeof ZRejectedApplication>> {
  assertPstMember(session);
  return db.$transaction(async (tx) => {
    await lockApplication(tx, input.applicationId);
    const application = await tx.distributorApplication.findUnique({
      where: { id: input.applicationId },
      select: { id: true, status: true, applicantEmail: true, applicantName: true, organizationName: true },
    });
    if (!application) throw applicationNotFound();
    if (application.status !== "submitted") throw alreadyDecided(application.status);
    await tx.distributorApplication.update({
      where: { id: application.id },
      data: { status: "rejected", decisionReason: input.reason, decidedById: session.userId, decidedAt: now },
    });
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "distributor_application.rejected",
      subjectType: "distributor_application",
      subjectId: application.id,
      data: { reason: input.reason },
      occurredAt: now,
    });
    await enqueueEmail(tx, {
      to: application.applicantEmail,
      ...renderEmail("distributorApplicationRejected", {
        name: application.applicantName,
        organizationName: application.organizationName,
        reason: input.reason,
      }),
    });
    return { applicationId: application.id };
  });
}
