import { type AccountRoles, accountKind } from "./account-kind";

/** The admin app's pages a signed-in person can start on. */
export const LANDING_PAGES = ["/inbox", "/people"] as const;
export type LandingPage = (typeof LANDING_PAGES)[number];

/**
 * The page each kind of account uses most, so nobody starts on an empty one: the PST and engineers work from the
 * inbox (an engineer's shows only their cases); an admin without the PST role holds no case content and manages
 * people. A distributor member starts on the inbox too, until the distributor area has its own page.
 */
export function landingPageOf(account: AccountRoles): LandingPage {
  switch (accountKind(account)) {
    case "admin-only":
      return "/people";
    case "pst":
    case "engineer":
    case "distributor":
      return "/inbox";
  }
}
