import type { AuthzRows } from "./fixture";

/** Rows of the authorization matrix for the `distributorLeaks` router. */
export const distributorLeaksRows: AuthzRows = (_fx) => ({});
