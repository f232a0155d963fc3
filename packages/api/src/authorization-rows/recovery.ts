import { recoveryRequestExpiry, type TActor } from "@disclose/domain";
import type { AuthzFixture, AuthzRows } from "./fixture";

const hasRole = (role: "admin" | "pst") => (a: TActor) => a.kind === "staff" && a.roles.includes(role);

/** A pending recovery of a fresh account, for a call that approves or cancels it. */
async function pendingRecovery(fx: AuthzFixture): Promise<{ recoveryId: string }> {
  const tag = Math.random().toString(36).slice(2);
  const user = await fx.db.user.create({
    data: { email: `recover-${tag}@example.test`, name: `Recover ${tag}` },
  });
  const recovery = await fx.db.accountRecovery.create({
    data: {
      userId: user.id,
      reason: "Lost my phone",
      requestedAt: fx.now,
      expiresAt: recoveryRequestExpiry(fx.now),
    },
  });
  return { recoveryId: recovery.id };
}

/**
 * Rows of the authorization matrix for the `recovery` router. The person's own procedures are reachable before
 * the second factor (where someone who lost every factor is stuck); asking is refused once a session has passed it
 * (no recovery is needed then, and it must not remove the factors it passed). Approving and the approvers' list
 * are for admins and PST members; cancelling someone else's request for admins.
 */
export const recoveryRows: AuthzRows = (fx) => ({
  "recovery.request": {
    input: async () => ({ reason: "I lost my phone and my recovery codes." }),
    allowed: () => false,
    beforeSecondFactor: true,
  },
  "recovery.mine": { allowed: () => true, beforeSecondFactor: true },
  "recovery.cancelMine": {
    // Nobody's: a NOT_FOUND past authorization (someone else's request is never found by id alone).
    input: async () => ({ recoveryId: "00000000-0000-4000-8000-000000000000" }),
    allowed: () => true,
    beforeSecondFactor: true,
  },
  "recovery.list": { allowed: (a) => hasRole("admin")(a) || hasRole("pst")(a) },
  "recovery.approve": {
    input: async () => ({ ...(await pendingRecovery(fx)), confirmedWithPerson: true }),
    allowed: (a) => hasRole("admin")(a) || hasRole("pst")(a),
  },
  "recovery.cancel": { input: () => pendingRecovery(fx), allowed: hasRole("admin") },
});
