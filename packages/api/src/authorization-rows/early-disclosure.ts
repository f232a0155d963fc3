import { randomUUID } from "node:crypto";
import type { AuthzRows } from "./fixture";

/**
 * Rows of the authorization matrix for the `earlyDisclosure` router: only case A's Fix Lead ("distributors.select")
 * passes. Case A is accepted, not ready for early disclosure, so the Fix Lead's changes end in a CONFLICT (past
 * authorization) and nothing is written.
 */
export const earlyDisclosureRows: AuthzRows = (fx) => ({
  "earlyDisclosure.get": {
    input: async () => ({ reportId: fx.caseA.id }),
    allowed: fx.onCase("distributors.select"),
  },
  "earlyDisclosure.recipients": {
    input: async () => ({ reportId: fx.caseA.id }),
    allowed: fx.onCase("distributors.select"),
  },
  "earlyDisclosure.prepare": {
    input: async () => ({
      reportId: fx.caseA.id,
      terms: "Embargo until the disclosure time.",
      disclosureAt: new Date(fx.now.getTime() + 9 * 24 * 3_600_000),
      organizationIds: [randomUUID()],
    }),
    allowed: fx.onCase("distributors.select"),
  },
  "earlyDisclosure.uploadCopies": {
    input: async () => ({ reportId: fx.caseA.id, organizationId: randomUUID(), copies: [] }),
    allowed: fx.onCase("distributors.select"),
  },
  "earlyDisclosure.notify": {
    input: async () => ({ reportId: fx.caseA.id }),
    allowed: fx.onCase("distributors.select"),
  },
});
