import type { AuthzRows } from "./fixture";

/** Rows of the authorization matrix for the `earlyDisclosure` router. */
export const earlyDisclosureRows: AuthzRows = (_fx) => ({});
