import { randomUUID } from "node:crypto";
import type { TActor } from "@disclose/domain";
import type { AuthzRows } from "./fixture";

/**
 * Rows of the authorization matrix for the `distributorLeaks` router. Case A is under no embargo and disclosed to
 * no organisation: its team may report (and is then told there is no embargo), the PST assesses and decides. Leaks
 * to assess or decide are made on a case of their own shaped like case A, one per call.
 */
export const distributorLeaksRows: AuthzRows = (fx) => {
  const pstOnly = (a: TActor) => a.kind === "staff" && a.roles.includes("pst");
  const leak = async () => {
    const caseId = await fx.caseLikeA();
    await fx.db.case.upsert({ where: { id: caseId }, create: { id: caseId, openedAt: fx.now }, update: {} });
    const id = randomUUID();
    await fx.db.distributorLeak.create({
      data: {
        id,
        caseId,
        reportedAt: fx.now,
        what: "authz",
        toWhom: "authz",
        leakedAt: fx.now,
        prevention: "authz",
      },
    });
    return id;
  };
  const member = async () => {
    const org = await fx.db.distributorOrganization.create({ data: { name: `Authz ${randomUUID()}` } });
    const user = await fx.db.user.create({ data: { email: `authz-${randomUUID()}@example.test` } });
    await fx.db.distributorMembership.create({ data: { userId: user.id, organizationId: org.id } });
    return user.id;
  };
  return {
    "distributorLeaks.report": {
      input: async () => ({
        reportId: fx.caseA.id,
        what: "authz",
        toWhom: "authz",
        leakedAt: fx.now,
        prevention: "authz",
        selfReported: false,
      }),
      allowed: fx.onCase("leak.report"),
    },
    "distributorLeaks.listForCase": {
      input: async () => ({ reportId: fx.caseA.id }),
      allowed: fx.onCase("fix.read"),
      // Members only for the PST; case A has no notified organisation anyway.
      lists: () => [],
    },
    "distributorLeaks.assess": {
      input: async () => ({ leakId: await leak(), damage: "none", notes: "authz" }),
      allowed: fx.onCase("leak.assess"),
    },
    "distributorLeaks.decide": {
      input: async () => ({ leakId: await leak(), decision: "continue", reason: "authz" }),
      allowed: fx.onCase("leak.decide"),
    },
    "distributorLeaks.removePerson": {
      input: async () => ({ userId: await member(), reason: "authorization test" }),
      allowed: pstOnly,
    },
    "distributorLeaks.traceMark": { input: async () => ({ mark: "ZZZZZZZZZZZZ" }), allowed: pstOnly },
  };
};
