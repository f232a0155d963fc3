import type { AuthzRows } from "./fixture";

/**
 * Rows of the authorization matrix for the `notifications` router: every staff member reads and sets their own
 * reminder preference (nobody else's: there is no user id in the input); an account that only speaks for a
 * distributor may read it but not set it (it gets no reminders).
 */
export const notificationsRows: AuthzRows = (_fx) => ({
  "notifications.preferences": { allowed: () => true },
  "notifications.setDigestOnly": {
    input: async () => ({ digestOnly: false }),
    allowed: (actor) => actor.kind === "staff",
  },
});
