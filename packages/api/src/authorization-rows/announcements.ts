import { can, type TActor } from "@disclose/domain";
import type { AuthzRows } from "./fixture";

// The PST's system-wide action stands in for the announcements (see assertMayViewAnnouncements).
const pst = (a: TActor) => can(a, "case.list", { kind: "system" });

/**
 * Rows of the authorization matrix for the `announcements` router: only the PST passes. The text of an advisory
 * no one published answers NOT_FOUND past authorization (the text itself is tested in
 * announcements.integration.test.ts).
 */
export const announcementsRows: AuthzRows = (_fx) => ({
  "announcements.overview": { allowed: pst },
  "announcements.text": { input: async () => ({ advisoryPublicId: "DISCLOSE-2026-9999" }), allowed: pst },
});
