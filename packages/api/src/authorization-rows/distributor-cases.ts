import type { AuthzRows } from "./fixture";

/** Rows of the authorization matrix for the `distributorCases` router. */
export const distributorCasesRows: AuthzRows = (_fx) => ({});
