import type { AuthzRows } from "./fixture";

/** Rows of the authorization matrix for the `notifications` router. */
export const notificationsRows: AuthzRows = (_fx) => ({});
