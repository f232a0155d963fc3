import type { AuthzRows } from "./fixture";

/** Rows of the authorization matrix for the `release` router. */
export const releaseRows: AuthzRows = (_fx) => ({});
