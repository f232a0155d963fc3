import type { AuthzRows } from "./fixture";

/** Rows of the authorization matrix for the `distributorList` router (the organisations on the list, the CSV import). */
export const distributorListRows: AuthzRows = (_fx) => ({});
