import { appendAuditEvent, type Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import type { TOrganization } from "./list-organizations";
import { assertMayManagePeople, isUniqueViolation, ZOrganizationName } from "./people";

export const ZCreateOrganizationInput = z.object({ name: ZOrganizationName });
export type TCreateOrganizationInput = z.infer<typeof ZCreateOrganizationInput>;

const duplicateName = () =>
  new AppError(AppErrorCode.CONFLICT, "An organisation with this name already exists.", { field: "name" });

/** An admin adds a distributor organisation, so that its members can be invited. */
export async function createOrganization({
  db,
  admin,
  input,
  now,
}: {
  db: Db;
  admin: SessionInfo;
  input: TCreateOrganizationInput;
  now: Date;
}): Promise<TOrganization> {
  assertMayManagePeople(admin);
  try {
    return await db.$transaction(async (tx) => {
      // "Acme" and "ACME" would be the same organisation to any reader; the unique index only sees bytes.
      const taken = await tx.distributorOrganization.findFirst({
        where: { name: { equals: input.name, mode: "insensitive" } },
        select: { id: true },
      });
      if (taken) throw duplicateName();
      const organization = await tx.distributorOrganization.create({
        data: { name: input.name, createdAt: now },
        select: { id: true, name: true, createdAt: true },
      });
      await appendAuditEvent(tx, {
        actorId: admin.userId,
        actorKind: "user",
        action: "organization.created",
        subjectType: "organization",
        subjectId: organization.id,
        data: { name: organization.name },
        occurredAt: now,
      });
      return { ...organization, memberCount: 0 };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName();
    throw error;
  }
}
