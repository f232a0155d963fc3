import type { AuthzRows } from "./fixture";

/** Rows of the authorization matrix for the `vulnerabilities` router. */
export const vulnerabilitiesRows: AuthzRows = (_fx) => ({});
