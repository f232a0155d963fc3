import { type DbTx, Prisma, Role } from "@disclose/db";
import { can } from "@disclose/domain";
import { z } from "zod";
import { actorOf } from "../../auth/actor";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";

// What the users use-cases share: input schemas, who may see or change people, and the admin-set lock.

// No place in a name others read: control characters, line separators, and bidirectional overrides (which can
// make one name display as another).
const UNSAFE_TEXT = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

export const ZUserId = z.string().min(1, "Choose an account.").max(64, "That is not an account id.");
export type TUserId = z.infer<typeof ZUserId>;

export const ZRole = z.enum(Role, { error: "Unknown role: choose Admin, PST member or Distributor member." });

/** A set of roles: duplicates dropped, in one fixed order (so audit entries and comparisons are stable). */
export const ZRoles = z
  .array(ZRole)
  .max(Object.keys(Role).length * 2, "Too many roles.")
  .transform((roles) => Object.values(Role).filter((role) => roles.includes(role)));
export type TRoles = z.infer<typeof ZRoles>;

export const ZEmailAddress = z
  .string()
  .trim()
  .min(1, "Enter their email address.")
  .max(254, "An email address has at most 254 characters.")
  // Sign-in links are asked for by address; next-auth lower-cases what people type, so stored ones must match.
  .toLowerCase()
  .pipe(z.email({ error: "Enter an email address such as name@example.org." }));

export const ZPersonName = z
  .string()
  .trim()
  .min(1, "Enter their name.")
  .max(100, "A name has at most 100 characters.")
  .refine((name) => !UNSAFE_TEXT.test(name), "A name cannot contain control or text-direction characters.");

// The column is a uuid: anything else would fail in the database, not with a message a person understands.
export const ZOrganizationId = z.uuid({ error: "Choose an organisation from the list." });

export const ZOrganizationName = z
  .string()
  .trim()
  .min(2, "Enter the organisation's name (at least 2 characters).")
  .max(100, "An organisation's name has at most 100 characters.")
  .refine((name) => !UNSAFE_TEXT.test(name), "A name cannot contain control or text-direction characters.");

/** Admins manage people (the domain's "users.manage"). */
export function mayManagePeople(session: SessionInfo): boolean {
  return can(actorOf(session), "users.manage", { kind: "system" });
}

/** Admins, and PST members read-only (the domain's "users.view"). */
export function mayViewPeople(session: SessionInfo): boolean {
  return can(actorOf(session), "users.view", { kind: "system" });
}

export function assertMayManagePeople(session: SessionInfo): void {
  if (!mayManagePeople(session)) {
    throw new AppError(AppErrorCode.FORBIDDEN, "Only an admin can manage people.");
  }
}

export function assertMayViewPeople(session: SessionInfo): void {
  if (!mayViewPeople(session)) {
    throw new AppError(AppErrorCode.FORBIDDEN, "Only admins and PST members can see the people list.");
  }
}

// pg_advisory_xact_lock key for "who is an active admin" ("admn").
const ADMIN_SET_LOCK = 0x61646d6en;

/**
 * Serialises every change that can take an admin away (role change, deactivation) until the transaction ends,
 * then checks that the caller is still an active admin: otherwise two admins demoting or deactivating each
 * other at the same moment could both succeed and leave nobody able to manage accounts.
 */
export async function lockAdminSet(tx: DbTx, admin: SessionInfo): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ADMIN_SET_LOCK})`;
  const stillAdmin = await tx.user.count({
    where: { id: admin.userId, active: true, roles: { some: { role: Role.ADMIN } } },
  });
  if (stillAdmin !== 1) {
    throw new AppError(AppErrorCode.FORBIDDEN, "Your account is no longer an admin.");
  }
}

/** Active admins other than `userId`; call after lockAdminSet so the answer holds until commit. */
export function otherActiveAdmins(tx: DbTx, userId: string): Promise<number> {
  return tx.user.count({
    where: { id: { not: userId }, active: true, roles: { some: { role: Role.ADMIN } } },
  });
}

/** A unique index refused the row: two requests raced past the "already exists?" check. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** The organisation must exist and be on the list; returns its name (for audit entries and messages). */
export async function organizationNameOf(tx: DbTx, organizationId: string): Promise<string> {
  const organization = await tx.distributorOrganization.findUnique({
    where: { id: organizationId },
    select: { name: true, status: true },
  });
  if (!organization) {
    throw new AppError(AppErrorCode.NOT_FOUND, "There is no such organisation.", { field: "organizationId" });
  }
  // A new member of a removed organisation would hold an active membership: access the removal ended.
  if (organization.status === "removed") {
    throw new AppError(
      AppErrorCode.CONFLICT,
      `${organization.name} was removed from the distributors list; nobody can join it.`,
      { field: "organizationId" },
    );
  }
  return organization.name;
}
