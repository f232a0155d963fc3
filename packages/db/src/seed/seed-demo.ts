import { generateLockedKey } from "@disclose/crypto";
import { appendAuditEvent } from "../audit/audit-chain";
import type { Db, DbTx } from "../client";
import { Role } from "../generated/prisma/client";

// Serialises concurrent seeders so that "already seeded?" and the inserts are one decision.
const SEED_LOCK_KEY = 0x73656564n; // "seed"

/** Demo accounts: flagged isDemo, on the reserved .test domain, never real people. */
export const DEMO_USERS = [
  { email: "admin@demo.disclose.test", name: "Demo Admin", roles: [Role.ADMIN] },
  { email: "pst1@demo.disclose.test", name: "Demo PST Member 1", roles: [Role.PST_MEMBER] },
  { email: "pst2@demo.disclose.test", name: "Demo PST Member 2", roles: [Role.PST_MEMBER] },
  // Fix Team membership is per case; until cases exist this is a plain user.
  { email: "fixer@demo.disclose.test", name: "Demo Fix Team Member", roles: [] },
  { email: "distributor@demo.disclose.test", name: "Demo Distributor", roles: [Role.DISTRIBUTOR_MEMBER] },
] as const satisfies readonly { email: string; name: string; roles: readonly Role[] }[];

/**
 * Passphrase of every demo PGP key. Public on purpose: demo keys protect demo reports only, and a developer
 * (or a test) must be able to decrypt what the portal received, e.g. with
 * `gpg --pinentry-mode loopback --passphrase "demo passphrase" --import`.
 */
export const DEMO_PGP_PASSPHRASE = "demo passphrase";

/**
 * Inserts the demo data once; later calls find the "demo.seeded" event and do nothing. Demo PST members get a
 * PGP key each (generated here, so no key is shared between installations); databases seeded before keys
 * existed get them on the next call.
 */
export async function seedDemo(db: Db): Promise<{ seeded: boolean }> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`;
    const done = await tx.auditEvent.findFirst({ where: { action: "demo.seeded" }, select: { seq: true } });
    if (done) {
      const keys = await seedDemoKeys(tx, new Date());
      const org = await seedDemoOrganization(tx);
      return { seeded: keys || org };
    }

    const now = new Date();
    const userIds: string[] = [];
    for (const user of DEMO_USERS) {
      const { id } = await tx.user.create({
        data: {
          email: user.email,
          name: user.name,
          emailVerified: now,
          isDemo: true,
          roles: { create: user.roles.map((role) => ({ role })) },
        },
        select: { id: true },
      });
      userIds.push(id);
    }
    await appendAuditEvent(tx, {
      actorKind: "system",
      action: "demo.seeded",
      subjectType: "system",
      // Ids, never addresses: the log is kept forever and refers to people by id.
      data: { users: userIds },
      occurredAt: now,
    });
    await seedDemoKeys(tx, now);
    await seedDemoOrganization(tx);
    return { seeded: true };
  });
}

export const DEMO_ORGANIZATION_NAME = "Demo Distribution";

/** The demo distributor speaks for a demo organisation on the private list (databases seeded earlier get it too). */
async function seedDemoOrganization(tx: DbTx): Promise<boolean> {
  const members = await tx.user.findMany({
    where: { isDemo: true, roles: { some: { role: Role.DISTRIBUTOR_MEMBER } }, distributorMembership: null },
  });
  if (members.length === 0) return false;
  const org = await tx.distributorOrganization.upsert({
    where: { name: DEMO_ORGANIZATION_NAME },
    create: { name: DEMO_ORGANIZATION_NAME },
    update: {},
  });
  await tx.distributorMembership.createMany({
    data: members.map((m) => ({ userId: m.id, organizationId: org.id })),
  });
  return true;
}

/** A current PGP key for each demo PST member that lacks one. */
async function seedDemoKeys(tx: DbTx, now: Date): Promise<boolean> {
  const members = await tx.user.findMany({
    where: {
      isDemo: true,
      roles: { some: { role: Role.PST_MEMBER } },
      pgpKeys: { none: { retiredAt: null } },
    },
    orderBy: { email: "asc" },
  });
  for (const member of members) {
    const key = await generateLockedKey({
      name: member.name ?? member.email,
      email: member.email,
      passphrase: DEMO_PGP_PASSPHRASE,
    });
    await tx.pgpKey.create({
      data: {
        userId: member.id,
        fingerprint: key.fingerprint,
        armoredPublicKey: key.publicKey,
        lockedPrivateKey: key.lockedPrivateKey,
        createdAt: now,
      },
    });
    await appendAuditEvent(tx, {
      actorKind: "system",
      action: "pgp_key.created",
      subjectType: "pgp_key",
      subjectId: key.fingerprint,
      data: { userId: member.id, demo: true },
      occurredAt: now,
    });
  }
  return members.length > 0;
}

export interface TDemoPrivateKey {
  email: string;
  fingerprint: string;
  lockedPrivateKey: string;
  passphrase: string;
}

/** The demo PST members' current private keys (locked with DEMO_PGP_PASSPHRASE), for tests and demos. */
export async function getDemoPrivateKeys(db: Db): Promise<TDemoPrivateKey[]> {
  const keys = await db.pgpKey.findMany({
    where: { retiredAt: null, user: { isDemo: true } },
    include: { user: { select: { email: true } } },
    orderBy: { user: { email: "asc" } },
  });
  return keys.map((k) => ({
    email: k.user.email,
    fingerprint: k.fingerprint,
    lockedPrivateKey: k.lockedPrivateKey,
    passphrase: DEMO_PGP_PASSPHRASE,
  }));
}
