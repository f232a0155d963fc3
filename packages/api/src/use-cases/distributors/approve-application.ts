import { appendAuditEvent, type Db, Role } from "@disclose/db";
import { MEMBERSHIP_CRITERIA } from "@disclose/domain";
import { enqueueEmail, renderEmail } from "@disclose/email";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { isUniqueViolation } from "../users/people";
import {
  alreadyDecided,
  applicationNotFound,
  assertPstMember,
  evaluateRow,
  lockApplication,
  reviewContext,
  ZApplicationId,
} from "./review-access";

export const ZApproveApplicationInput = z.object({ applicationId: ZApplicationId });
export type TApproveApplicationInput = z.infer<typeof ZApproveApplicationInput>;

export const ZApprovedApplication = z.object({
  applicationId: z.string(),
  organizationId: z.string(),
  userId: z.string(),
});
export type TApprovedApplication = z.infer<typeof ZApprovedApplication>;

const accountExists = () =>
  new AppError(
    AppErrorCode.CONFLICT,
    "The applicant's address already belongs to an account: an admin must add that account to the organisation instead.",
    { field: "applicantEmail" },
  );
const organizationExists = () =>
  new AppError(
    AppErrorCode.CONFLICT,
    "An organisation with this name is already on the list: reject this application or rename that organisation.",
    { field: "organizationName" },
  );

/**
 * A PST member admits an eligible applicant: in one transaction the organisation joins the list (with its
 * distribution, security contact, email delivery and team key), the applicant gets a distributor account in it
 * (signing in with a second factor and adding an OpenPGP key, as staff do), and is told by email.
 */
export async function approveApplication({
  db,
  session,
  input,
  adminUrl,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: TApproveApplicationInput;
  adminUrl: string;
  now: Date;
}): Promise<TApprovedApplication> {
  assertPstMember(session);
  try {
    return await db.$transaction(async (tx) => {
      await lockApplication(tx, input.applicationId);
      const application = await tx.distributorApplication.findUnique({
        where: { id: input.applicationId },
        include: { vouches: { select: { voucherId: true, decision: true, comment: true } } },
      });
      if (!application) throw applicationNotFound();
      if (application.status !== "submitted") throw alreadyDecided(application.status);

      const evaluation = evaluateRow(application, await reviewContext(tx));
      if (!evaluation.eligible) {
        const failing = [...new Set(evaluation.problems.map((p) => p.criterion))].map(
          (id) => MEMBERSHIP_CRITERIA.find((c) => c.id === id)?.text ?? id,
        );
        throw new AppError(
          AppErrorCode.CONFLICT,
          `Not eligible yet. Unmet criteria: ${failing.map((text) => `"${text}"`).join("; ")}`,
        );
      }

      // Sign-in links are asked for by address in lower case; the stored address must match.
      const email = application.applicantEmail.trim().toLowerCase();
      const taken = await tx.user.findFirst({
        where: { email: { equals: email, mode: "insensitive" } },
        select: { id: true },
      });
      if (taken) throw accountExists();
      const sameName = await tx.distributorOrganization.findFirst({
        where: { name: { equals: application.organizationName, mode: "insensitive" } },
        select: { id: true },
      });
      if (sameName) throw organizationExists();

      const organization = await tx.distributorOrganization.create({
        data: {
          name: application.organizationName,
          createdAt: now,
          distribution: application.distribution,
          securityContact: application.securityContact,
          emailDelivery: application.emailDelivery,
          teamKeyArmored: application.teamKeyArmored,
          teamKeyFingerprint: application.teamKeyFingerprint,
          status: "active",
          joinedVia: "application",
        },
        select: { id: true },
      });
      const name = application.applicantName.trim().slice(0, 100);
      const user = await tx.user.create({
        data: {
          email,
          name,
          createdAt: now,
          roles: { create: [{ role: Role.DISTRIBUTOR_MEMBER }] },
          distributorMembership: { create: { organizationId: organization.id } },
        },
        select: { id: true },
      });
      await tx.distributorApplication.update({
        where: { id: application.id },
        data: {
          status: "approved",
          decidedById: session.userId,
          decidedAt: now,
          organizationId: organization.id,
        },
      });
      await appendAuditEvent(tx, {
        actorId: session.userId,
        actorKind: "user",
        action: "distributor_application.approved",
        subjectType: "distributor_application",
        subjectId: application.id,
        // Ids only: the audit log never holds an email address.
        data: { organizationId: organization.id, userId: user.id },
        occurredAt: now,
      });
      await appendAuditEvent(tx, {
        actorId: session.userId,
        actorKind: "user",
        action: "user.invited",
        subjectType: "user",
        subjectId: user.id,
        data: {
          roles: [Role.DISTRIBUTOR_MEMBER],
          organizationId: organization.id,
          applicationId: application.id,
        },
        occurredAt: now,
      });
      await enqueueEmail(tx, {
        to: email,
        ...renderEmail("distributorApplicationApproved", {
          name,
          email,
          organizationName: application.organizationName,
          adminUrl,
        }),
      });
      return { applicationId: application.id, organizationId: organization.id, userId: user.id };
    });
  } catch (error) {
    // Someone created the account or the organisation at the same moment: the unique index decides.
    if (isUniqueViolation(error)) {
      throw new AppError(
        AppErrorCode.CONFLICT,
        "The applicant's address or the organisation's name was taken meanwhile: reload and check.",
      );
    }
    throw error;
  }
}
