import { appendAuditEvent, type Db, Role } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import {
  assertMayManagePeople,
  lockAdminSet,
  organizationNameOf,
  otherActiveAdmins,
  ZOrganizationId,
  ZRole,
  ZRoles,
  ZUserId,
} from "./people";

export const ZChangeRolesInput = z.object({
  userId: ZUserId,
  /** The whole new set: roles not listed are taken away. */
  roles: ZRoles,
  /** Needed only when the account becomes a distributor member and has no organisation yet. */
  organizationId: ZOrganizationId.nullish(),
});
export type TChangeRolesInput = z.infer<typeof ZChangeRolesInput>;

export const ZChangedRoles = z.object({ userId: z.string(), roles: z.array(ZRole) });
export type TChangedRoles = z.infer<typeof ZChangedRoles>;

/** An admin sets the roles of an account (the set replaces the old one); the next request sees them. */
export async function changeRoles({
  db,
  admin,
  input,
  now,
}: {
  db: Db;
  admin: SessionInfo;
  input: TChangeRolesInput;
  now: Date;
}): Promise<TChangedRoles> {
  assertMayManagePeople(admin);
  const { userId, roles } = input;
  const organizationId = input.organizationId ?? null;
  if (userId === admin.userId && !roles.includes(Role.ADMIN)) {
    throw new AppError(
      AppErrorCode.CONFLICT,
      "You cannot remove your own admin role: ask another admin to do it.",
      { field: "roles" },
    );
  }
  if (organizationId && !roles.includes(Role.DISTRIBUTOR_MEMBER)) {
    throw new AppError(
      AppErrorCode.BAD_INPUT,
      "Only a distributor member belongs to an organisation: add that role or leave the organisation empty.",
      { field: "organizationId" },
    );
  }

  return db.$transaction(async (tx) => {
    await lockAdminSet(tx, admin);
    const user = await tx.user.findUnique({
      where: { id: userId },
      select: {
        active: true,
        roles: { select: { role: true } },
        distributorMembership: { select: { organizationId: true, organization: { select: { name: true } } } },
      },
    });
    if (!user) throw new AppError(AppErrorCode.NOT_FOUND, "There is no such account.");
    const before = Object.values(Role).filter((role) => user.roles.some((r) => r.role === role));

    if (before.includes(Role.ADMIN) && !roles.includes(Role.ADMIN) && user.active) {
      if ((await otherActiveAdmins(tx, userId)) === 0) {
        throw new AppError(
          AppErrorCode.CONFLICT,
          "This is the last active admin: make someone else an admin first.",
          { field: "roles" },
        );
      }
    }

    let joinedOrganizationId: string | null = null;
    if (roles.includes(Role.DISTRIBUTOR_MEMBER)) {
      const membership = user.distributorMembership;
      if (membership && organizationId && organizationId !== membership.organizationId) {
        throw new AppError(
          AppErrorCode.CONFLICT,
          `This account already speaks for ${membership.organization.name}; an account belongs to one organisation. Invite a separate account for the other one.`,
          { field: "organizationId" },
        );
      }
      if (!membership) {
        if (!organizationId) {
          throw new AppError(
            AppErrorCode.BAD_INPUT,
            "Choose the organisation this distributor member speaks for.",
            { field: "organizationId" },
          );
        }
        await organizationNameOf(tx, organizationId);
        await tx.distributorMembership.create({ data: { userId, organizationId, createdAt: now } });
        joinedOrganizationId = organizationId;
      }
    }
    // Taking DISTRIBUTOR_MEMBER away keeps the membership row: its status ("warned", "removed") is the
    // list's memory and must not reset to "active" if the role is given back. Without the role it grants nothing.

    const added = roles.filter((role) => !before.includes(role));
    const removed = before.filter((role) => !roles.includes(role));
    if (added.length === 0 && removed.length === 0 && !joinedOrganizationId) return { userId, roles };

    await tx.userRole.deleteMany({ where: { userId, role: { in: removed } } });
    await tx.userRole.createMany({ data: added.map((role) => ({ userId, role, createdAt: now })) });
    await appendAuditEvent(tx, {
      actorId: admin.userId,
      actorKind: "user",
      action: "user.roles_changed",
      subjectType: "user",
      subjectId: userId,
      data: {
        before,
        after: roles,
        ...(joinedOrganizationId ? { organizationId: joinedOrganizationId } : {}),
      },
      occurredAt: now,
    });
    return { userId, roles };
  });
}
