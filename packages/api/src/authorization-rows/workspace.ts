import type { AuthzRows } from "./fixture";

/** Rows of the authorization matrix for the `workspace` router. */
export const workspaceRows: AuthzRows = (_fx) => ({});
