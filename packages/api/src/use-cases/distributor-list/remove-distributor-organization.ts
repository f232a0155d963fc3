import { appendAuditEvent, type Db } from "@disclose/db";
import { hasControlCharactersInText } from "@disclose/domain";
import { enqueueEmail, renderEmail } from "@disclose/email";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { assertMayManageDistributorList, type TListedOrganization } from "./distributor-list";
import { LISTED_ORGANIZATION_SELECT, listedOrganizationOf } from "./list-distributor-organizations";

export const ZRemoveOrganizationInput = z.object({
  organizationId: z.uuid({ error: "Choose an organisation from the list." }),
  reason: z
    .string({ error: "Give the reason for the removal." })
    .trim()
    .min(
      10,
      "Give the reason for the removal (at least 10 characters): it is recorded and sent to the organisation.",
    )
    .max(2000, "The reason has at most 2,000 characters.")
    .refine(
      (reason) => !hasControlCharactersInText(reason),
      "The reason cannot contain control or text-direction characters.",
    ),
});
export type TRemoveOrganizationInput = z.infer<typeof ZRemoveOrganizationInput>;

/**
 * The PST removes an organisation whose criteria lapsed (or that leaked again): its status and every membership
 * become "removed", so its members' access ends on their next request (the session reads the membership each
 * time); the reason is recorded, audited and emailed to its security contact through the outbox.
 */
export async function removeDistributorOrganization({
  db,
  session,
  input,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: TRemoveOrganizationInput;
  now: Date;
}): Promise<TListedOrganization> {
  assertMayManageDistributorList(session);
  return db.$transaction(async (tx) => {
    const organization = await tx.distributorOrganization.findUnique({
      where: { id: input.organizationId },
      select: { name: true, status: true, securityContact: true },
    });
    if (!organization) {
      throw new AppError(AppErrorCode.NOT_FOUND, "There is no such organisation.", {
        field: "organizationId",
      });
    }
    // Scoped by status too: of two removals at once, one changes the row and the other is told.
    const { count } = await tx.distributorOrganization.updateMany({
      where: { id: input.organizationId, status: { not: "removed" } },
      data: { status: "removed", removedAt: now, removedReason: input.reason },
    });
    if (count === 0) {
      throw new AppError(AppErrorCode.CONFLICT, `${organization.name} was already removed from the list.`, {
        field: "organizationId",
      });
    }
    const members = await tx.distributorMembership.findMany({
      where: { organizationId: input.organizationId, status: { not: "removed" } },
      select: { userId: true },
    });
    await tx.distributorMembership.updateMany({
      where: { organizationId: input.organizationId },
      data: { status: "removed" },
    });
    if (organization.securityContact) {
      await enqueueEmail(tx, {
        to: organization.securityContact,
        ...renderEmail("distributorOrganizationRemoved", {
          organizationName: organization.name,
          reason: input.reason,
        }),
      });
    }
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "organization.removed",
      subjectType: "organization",
      subjectId: input.organizationId,
      data: {
        name: organization.name,
        previousStatus: organization.status,
        reason: input.reason,
        memberIds: members.map((m) => m.userId),
      },
      occurredAt: now,
    });
    const row = await tx.distributorOrganization.findUniqueOrThrow({
      where: { id: input.organizationId },
      select: LISTED_ORGANIZATION_SELECT,
    });
    return listedOrganizationOf(row);
  });
}
