import type { AuthzRows } from "./fixture";

/** Rows of the authorization matrix for the `caseWorkflow` router. */
export const caseWorkflowRows: AuthzRows = (_fx) => ({});
