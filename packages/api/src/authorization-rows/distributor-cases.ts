import { randomUUID } from "node:crypto";
import type { AuthzRows } from "./fixture";

/**
 * Rows of the authorization matrix for the `distributorCases` router. Its list answers everyone with their own
 * organisation's notified cases (none for staff); a case, its copies and its receipt only to a member of a
 * notified organisation, and no organisation is notified of case A in the fixture: nobody passes.
 */
export const distributorCasesRows: AuthzRows = (fx) => ({
  "distributorCases.list": { allowed: () => true },
  "distributorCases.get": { input: async () => ({ reportId: fx.caseA.id }), allowed: () => false },
  "distributorCases.downloadCopy": {
    input: async () => ({ reportId: fx.caseA.id, copyId: randomUUID() }),
    allowed: () => false,
  },
  "distributorCases.acknowledge": { input: async () => ({ reportId: fx.caseA.id }), allowed: () => false },
});
