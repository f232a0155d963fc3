import { type AccountKind, type AccountRoles, accountKind } from "./account-kind";

/** The admin app's pages a signed-in person can start on. */
export const LANDING_PAGES = ["/inbox", "/people", "/distributor/cases"] as const;
export type LandingPage = (typeof LANDING_PAGES)[number];

/**
 * The page each kind of account uses most, so nobody starts on an empty one: the PST and engineers work from the
 * inbox (an engineer's shows only their cases); an admin without the PST role holds no case content and manages
 * people; a distributor member works from the embargoed cases disclosed to their organisation.
 */
export function landingPageOf(account: AccountRoles): LandingPage {
  switch (accountKind(account)) {
    case "admin-only":
      return "/people";
    case "pst":
    case "engineer":
      return "/inbox";
    case "distributor":
      return "/distributor/cases";
  }
}

/** The admin app's main pages. */
export const ADMIN_PAGES = [
  "/inbox",
  "/distributor/cases",
  "/grants",
  "/keys",
  "/people",
  "/organizations",
  "/distributors/applications",
  "/metrics",
  "/announcements",
  "/audit",
  "/recoveries",
  "/settings",
  "/account",
] as const;
export type AdminPage = (typeof ADMIN_PAGES)[number];

/**
 * Who uses which page, so that nobody is offered a page they can do nothing on: case lists, access grants and
 * keys are for those who hold case content (and a distributor's own embargoed copies); people and organisations
 * for those who run the team; settings for everyone (the admin changes them, everyone reads them).
 */
const PAGE_USERS: Readonly<Record<AdminPage, readonly AccountKind[]>> = {
  // The inbox lists reports and their summaries: never a distributor's (they get their own copies, not reports).
  "/inbox": ["pst", "engineer"],
  // A distributor member's embargoed cases: those disclosed early to their organisation.
  "/distributor/cases": ["distributor"],
  "/grants": ["pst", "engineer"],
  "/keys": ["pst", "engineer", "distributor"],
  "/people": ["pst", "admin-only"],
  "/organizations": ["pst", "admin-only"],
  // The PST decides on applications to the private list; a distributor member answers vouch requests there.
  "/distributors/applications": ["pst", "distributor"],
  // How well the process runs (response times, on-time rates): the PST's, who run it.
  "/metrics": ["pst"],
  // Subscribers (counts) and the announcements sent: the PST's, who publish.
  "/announcements": ["pst"],
  // The global audit log and its verification: the PST and admins (the domain's "audit.read").
  "/audit": ["pst", "admin-only"],
  // Account recoveries to approve: an admin's and a PST member's approval are both needed.
  "/recoveries": ["pst", "admin-only"],
  "/settings": ["pst", "admin-only", "engineer", "distributor"],
  // Everyone's own sessions, second factors, keys and security events.
  "/account": ["pst", "admin-only", "engineer", "distributor"],
};

export function pagesFor(account: AccountRoles): AdminPage[] {
  const kind = accountKind(account);
  return ADMIN_PAGES.filter((page) => PAGE_USERS[page].includes(kind));
}
