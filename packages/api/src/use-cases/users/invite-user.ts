import { appendAuditEvent, type Db, Role } from "@disclose/db";
import { enqueueEmail, renderEmail } from "@disclose/email";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import {
  assertMayManagePeople,
  isUniqueViolation,
  organizationNameOf,
  ZEmailAddress,
  ZOrganizationId,
  ZPersonName,
  ZRoles,
} from "./people";

export const ZInviteUserInput = z.object({
  email: ZEmailAddress,
  name: ZPersonName,
  roles: ZRoles,
  /** Required with DISTRIBUTOR_MEMBER: the organisation the account speaks for. */
  organizationId: ZOrganizationId.nullish(),
});
export type TInviteUserInput = z.infer<typeof ZInviteUserInput>;

export const ZInvitedUser = z.object({ userId: z.string(), email: z.string() });
export type TInvitedUser = z.infer<typeof ZInvitedUser>;

const duplicateEmail = () =>
  new AppError(
    AppErrorCode.CONFLICT,
    "An account with this email address already exists. If it was deactivated, reactivate it instead.",
    { field: "email" },
  );

/**
 * An admin creates an account and it is told by email where to sign in. Nothing secret is sent: signing in is
 * by a magic link the person asks for, then an authenticator they set up on first sign-in.
 */
export async function inviteUser({
  db,
  admin,
  input,
  adminUrl,
  now,
}: {
  db: Db;
  admin: SessionInfo;
  input: TInviteUserInput;
  /** The admin app's public URL, for the link in the email. */
  adminUrl: string;
  now: Date;
}): Promise<TInvitedUser> {
  assertMayManagePeople(admin);
  const distributor = input.roles.includes(Role.DISTRIBUTOR_MEMBER);
  const organizationId = input.organizationId ?? null;
  if (distributor && !organizationId) {
    throw new AppError(
      AppErrorCode.BAD_INPUT,
      "Choose the organisation this distributor member speaks for.",
      { field: "organizationId" },
    );
  }
  if (!distributor && organizationId) {
    throw new AppError(
      AppErrorCode.BAD_INPUT,
      "Only a distributor member belongs to an organisation: add that role or leave the organisation empty.",
      { field: "organizationId" },
    );
  }
  try {
    return await db.$transaction(async (tx) => {
      const taken = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
      if (taken) throw duplicateEmail();
      if (organizationId) await organizationNameOf(tx, organizationId);
      const user = await tx.user.create({
        data: {
          email: input.email,
          name: input.name,
          createdAt: now,
          roles: { create: input.roles.map((role) => ({ role })) },
          ...(organizationId ? { distributorMembership: { create: { organizationId } } } : {}),
        },
        select: { id: true },
      });
      await enqueueEmail(tx, {
        to: input.email,
        ...renderEmail("invitation", { name: input.name, email: input.email, adminUrl }),
      });
      await appendAuditEvent(tx, {
        actorId: admin.userId,
        actorKind: "user",
        action: "user.invited",
        subjectType: "user",
        subjectId: user.id,
        data: { roles: input.roles, organizationId },
        occurredAt: now,
      });
      return { userId: user.id, email: input.email };
    });
  } catch (error) {
    // Two admins inviting the same address at once: the unique index decides, with the same message.
    if (isUniqueViolation(error)) throw duplicateEmail();
    throw error;
  }
}
