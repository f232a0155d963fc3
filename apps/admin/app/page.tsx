import { landingPageOf, type StaffRole } from "@disclose/domain";
import { redirect } from "next/navigation";
import { requireStaffSession } from "~/auth/session";

const STAFF_ROLE_OF: Partial<Record<string, StaffRole>> = { ADMIN: "admin", PST_MEMBER: "pst" };

/**
 * No page of its own: an empty start page only costs a click. Each person goes on to the page they use most (the
 * domain decides which); the service's health and the development mailbox are on the settings page.
 */
export default async function AdminHomePage() {
  const session = await requireStaffSession();
  redirect(
    landingPageOf({
      roles: session.roles.flatMap((role) => STAFF_ROLE_OF[role] ?? []),
      isDistributor: session.distributor !== null || session.roles.includes("DISTRIBUTOR_MEMBER"),
    }),
  );
}
