import type { AuthzRows } from "./fixture";

/** Rows of the authorization matrix for the `advisories` router. */
export const advisoriesRows: AuthzRows = (_fx) => ({});
