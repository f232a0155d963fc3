import { accountRolesOfSession } from "@disclose/api";
import { type AdminPage, accountKind, pagesFor } from "@disclose/domain";
import Link from "next/link";
import { KeyringStatus } from "~/keyring";
import { AccountControls } from "./account-controls";
import { currentSession } from "./session";

/** The label of each page; which pages a person sees is the domain's pagesFor. */
const LABELS: Record<AdminPage, string> = {
  "/inbox": "Inbox",
  "/distributor/cases": "Embargoed cases",
  "/grants": "Access",
  "/keys": "Keys",
  "/people": "People",
  "/organizations": "Organisations",
  "/distributors/applications": "Applications",
  "/metrics": "Metrics",
  "/announcements": "Announcements",
  "/audit": "Audit log",
  "/recoveries": "Recoveries",
  "/settings": "Settings",
  "/account": "Account",
};

/** The header's navigation, for a session that has passed the second factor; nothing before that. */
export async function AdminNav() {
  const session = await currentSession();
  if (!session?.secondFactorPassed) return null;
  const account = accountRolesOfSession(session);
  return (
    <div className="flex flex-wrap items-center gap-4">
      <nav aria-label="Main">
        <ul className="flex flex-wrap gap-4">
          {pagesFor(account).map((page) => (
            <li key={page}>
              <Link href={page} className="text-slate-200 underline-offset-4 hover:underline">
                {LABELS[page]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {/* An admin-only account holds no case content, so it has nothing to unlock. */}
      {accountKind(account) === "admin-only" ? null : <KeyringStatus />}
      <AccountControls email={session.email} name={session.name} />
    </div>
  );
}
