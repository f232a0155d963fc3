import type { TActor } from "@disclose/domain";
import { createTestApplication } from "../test-support/review-applications";
import type { AuthzRows } from "./fixture";

const isPst = (a: TActor) => a.kind === "staff" && a.roles.includes("pst");

/**
 * Rows of the authorization matrix for the `distributorApplications` router (review of applications, vouches).
 * Each call gets a fresh application naming nobody of the matrix as voucher, so only the PST passes; the named
 * voucher's access is proven in distributor-review.integration.test.ts.
 */
export const distributorApplicationsRows: AuthzRows = (fx) => ({
  "distributorApplications.list": {
    input: async () => ({}),
    // The PST sees all; a distributor member their vouch requests (none here).
    allowed: (a) => isPst(a) || a.kind === "distributor",
  },
  "distributorApplications.get": {
    input: async () => ({ applicationId: (await createTestApplication(fx.db)).id }),
    allowed: isPst,
  },
  "distributorApplications.vouch": {
    input: async () => ({
      applicationId: (await createTestApplication(fx.db)).id,
      decision: "confirmed",
      comment: "I know their security team well.",
    }),
    allowed: isPst,
  },
  "distributorApplications.approve": {
    input: async () => {
      const application = await createTestApplication(fx.db);
      // A PST member's confirmed vouch makes it eligible, so an allowed caller gets past every check.
      const pst = await fx.db.user.findUniqueOrThrow({ where: { email: "pst1@demo.disclose.test" } });
      await fx.db.distributorVouch.create({
        data: {
          applicationId: application.id,
          voucherId: pst.id,
          decision: "confirmed",
          comment: "Known to us.",
          at: fx.now,
        },
      });
      return { applicationId: application.id };
    },
    allowed: isPst,
  },
  "distributorApplications.reject": {
    input: async () => ({
      applicationId: (await createTestApplication(fx.db)).id,
      reason: "No public track record of security fixes.",
    }),
    allowed: isPst,
  },
});
