import Link from "next/link";
import { KeyringStatus } from "~/keyring";
import { AccountControls } from "./account-controls";
import { currentSession } from "./session";

const LINKS = [
  { href: "/inbox", label: "Inbox" },
  { href: "/grants", label: "Access" },
  { href: "/keys", label: "Keys" },
  { href: "/people", label: "People" },
  { href: "/organizations", label: "Organisations" },
  { href: "/settings", label: "Settings" },
];

/** The header's navigation, for a session that has passed the second factor; nothing before that. */
export async function AdminNav() {
  const session = await currentSession();
  if (!session?.secondFactorPassed) return null;
  return (
    <div className="flex flex-wrap items-center gap-4">
      <nav aria-label="Main">
        <ul className="flex flex-wrap gap-4">
          {LINKS.map((l) => (
            <li key={l.href}>
              <Link href={l.href} className="text-slate-200 underline-offset-4 hover:underline">
                {l.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {/* An admin-only account holds no case content, so it has nothing to unlock. */}
      {session.roles.length === 1 && session.roles[0] === "ADMIN" ? null : <KeyringStatus />}
      <AccountControls email={session.email} name={session.name} />
    </div>
  );
}
