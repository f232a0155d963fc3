import type { AuthzRows } from "./fixture";

/** Rows of the authorization matrix for the `announcements` router. */
export const announcementsRows: AuthzRows = (_fx) => ({});
