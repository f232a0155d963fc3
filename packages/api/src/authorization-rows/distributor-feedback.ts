import { mayHold } from "@disclose/domain";
import type { AuthzRows } from "./fixture";

/**
 * Rows of the authorization matrix for the `distributorFeedback` router. Case A is disclosed to no organisation, so
 * no caller may give feedback on it (a notified member's rights are in distributor-feedback.integration.test.ts);
 * its feedback is read by its team alone.
 */
export const distributorFeedbackRows: AuthzRows = (fx) => {
  const nobody = () => false;
  const team = (a: Parameters<ReturnType<typeof fx.onCase>>[0]) =>
    fx.onCase("fix.read")(a) && mayHold(a, "distributor-feedback", fx.caseAFacts);
  return {
    "distributorFeedback.recipients": { input: async () => ({ reportId: fx.caseA.id }), allowed: nobody },
    "distributorFeedback.submit": {
      input: async () => ({ reportId: fx.caseA.id, status: "unknown", result: "not-tested" }),
      allowed: nobody,
    },
    "distributorFeedback.listForOrganization": {
      input: async () => ({ reportId: fx.caseA.id }),
      allowed: nobody,
    },
    "distributorFeedback.listForCase": { input: async () => ({ reportId: fx.caseA.id }), allowed: team },
  };
};
