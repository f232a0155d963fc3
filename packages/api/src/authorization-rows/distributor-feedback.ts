import type { AuthzRows } from "./fixture";

/** Rows of the authorization matrix for the `distributorFeedback` router. */
export const distributorFeedbackRows: AuthzRows = (_fx) => ({});
