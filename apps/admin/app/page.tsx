import { accountRolesOfSession } from "@disclose/api";
import { landingPageOf } from "@disclose/domain";
import { redirect } from "next/navigation";
import { requireStaffSession } from "~/auth/session";

/**
 * No page of its own: an empty start page only costs a click. Each person goes on to the page they use most (the
 * domain decides which); the service's health and the development mailbox are on the settings page.
 */
export default async function AdminHomePage() {
  const session = await requireStaffSession();
  redirect(landingPageOf(accountRolesOfSession(session)));
}
