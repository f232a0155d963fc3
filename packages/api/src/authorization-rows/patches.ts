import type { AuthzRows } from "./fixture";

/** Rows of the authorization matrix for the `patches` router. */
export const patchesRows: AuthzRows = (_fx) => ({});
