import { appendAuditEvent } from "../audit/audit-chain";
import type { Db } from "../client";
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

/** Inserts the demo data once; later calls find the "demo.seeded" event and do nothing. */
export async function seedDemo(db: Db): Promise<{ seeded: boolean }> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`;
    const done = await tx.auditEvent.findFirst({ where: { action: "demo.seeded" }, select: { seq: true } });
    if (done) return { seeded: false };

    const now = new Date();
    for (const user of DEMO_USERS) {
      await tx.user.create({
        data: {
          email: user.email,
          name: user.name,
          emailVerified: now,
          isDemo: true,
          roles: { create: user.roles.map((role) => ({ role })) },
        },
      });
    }
    await appendAuditEvent(tx, {
      actorKind: "system",
      action: "demo.seeded",
      subjectType: "system",
      data: { users: DEMO_USERS.map((u) => u.email) },
      occurredAt: now,
    });
    return { seeded: true };
  });
}
