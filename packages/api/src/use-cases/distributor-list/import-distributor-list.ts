import { randomUUID } from "node:crypto";
import { appendAuditEvent, type Db, Role } from "@disclose/db";
import { enqueueEmail, renderEmail } from "@disclose/email";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { isUniqueViolation } from "../users/people";
import {
  assertMayManageDistributorList,
  type TListImported,
  type TListImportInput,
} from "./distributor-list";
import { planListImport } from "./plan-list-import";

// pg_advisory_xact_lock key for "importing the distributors list" ("dlis").
const LIST_IMPORT_LOCK = 0x646c6973n;

const changedMeanwhile = () =>
  new AppError(
    AppErrorCode.CONFLICT,
    "An organisation or account in the file was added meanwhile. Check the file again.",
    { field: "csv" },
  );

/**
 * Imports today's distributors list: every organisation (joined via "import", with its team key) and an account
 * per contact (DISTRIBUTOR_MEMBER of it, told by the usual invitation email where to sign in; second factor and
 * OpenPGP key follow at first sign-in, as for staff). All or nothing, in one transaction: a file with any problem
 * imports nothing.
 */
export async function importDistributorList({
  db,
  session,
  input,
  adminUrl,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: TListImportInput;
  adminUrl: string;
  now: Date;
}): Promise<TListImported> {
  assertMayManageDistributorList(session);
  try {
    return await db.$transaction(
      async (tx) => {
        // Two imports at once: the second waits, then sees the first's organisations and accounts (the names are
        // compared case-insensitively, which the unique index cannot do).
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LIST_IMPORT_LOCK})`;
        // Planned again inside the transaction: what was previewed may no longer hold.
        const plan = await planListImport({ tx, csv: input.csv, now });
        if (plan.problems.length > 0) {
          const first = plan.problems[0];
          throw new AppError(
            AppErrorCode.BAD_INPUT,
            `The file has ${plan.problems.length} problem${plan.problems.length === 1 ? "" : "s"}; nothing was imported. ${
              first?.line ? `Line ${first.line}: ` : ""
            }${first?.message ?? ""}`,
            { field: "csv" },
          );
        }

        const organizations = plan.organizations.map((organization) => ({
          ...organization,
          id: randomUUID(),
          contacts: organization.contacts.map((contact) => ({ ...contact, userId: randomUUID() })),
        }));
        const contacts = organizations.flatMap((o) =>
          o.contacts.map((c) => ({ ...c, organizationId: o.id })),
        );
        await tx.distributorOrganization.createMany({
          data: organizations.map((o) => ({
            id: o.id,
            name: o.name,
            distribution: o.distribution,
            securityContact: o.securityContact,
            emailDelivery: o.emailDelivery,
            teamKeyArmored: o.teamKeyPublic,
            teamKeyFingerprint: o.teamKeyFingerprint,
            joinedVia: "import",
            status: "active",
            createdAt: now,
          })),
        });
        await tx.user.createMany({
          data: contacts.map((c) => ({ id: c.userId, email: c.email, name: c.name, createdAt: now })),
        });
        await tx.userRole.createMany({
          data: contacts.map((c) => ({ userId: c.userId, role: Role.DISTRIBUTOR_MEMBER, createdAt: now })),
        });
        await tx.distributorMembership.createMany({
          data: contacts.map((c) => ({ userId: c.userId, organizationId: c.organizationId, createdAt: now })),
        });
        for (const contact of contacts) {
          await enqueueEmail(tx, {
            to: contact.email,
            ...renderEmail("invitation", { name: contact.name, email: contact.email, adminUrl }),
          });
          await appendAuditEvent(tx, {
            actorId: session.userId,
            actorKind: "user",
            action: "user.invited",
            subjectType: "user",
            subjectId: contact.userId,
            data: { roles: [Role.DISTRIBUTOR_MEMBER], organizationId: contact.organizationId, via: "import" },
            occurredAt: now,
          });
        }
        for (const organization of organizations) {
          await appendAuditEvent(tx, {
            actorId: session.userId,
            actorKind: "user",
            action: "organization.imported",
            subjectType: "organization",
            subjectId: organization.id,
            data: {
              name: organization.name,
              teamKeyFingerprint: organization.teamKeyFingerprint,
              memberIds: organization.contacts.map((c) => c.userId),
            },
            occurredAt: now,
          });
        }
        return { organizationCount: organizations.length, accountCount: contacts.length };
      },
      // Up to 2,000 accounts, each with its email and audit event.
      { timeout: 120_000, maxWait: 30_000 },
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw changedMeanwhile();
    throw error;
  }
}
