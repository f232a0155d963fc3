import type { AuthzRows } from "./fixture";

/** Rows of the authorization matrix for the `distributorApplications` router (review of applications, vouches). */
export const distributorApplicationsRows: AuthzRows = (_fx) => ({});
