import { type AccountKind, accountKind } from "@disclose/domain";
import Link from "next/link";
import { KeyringStatus } from "~/keyring";
import { AccountControls } from "./account-controls";
import { currentSession } from "./session";

/** Each page, and the kinds of account that use it: a link nobody could use is not shown. */
const LINKS: { href: string; label: string; for: readonly AccountKind[] }[] = [
  { href: "/inbox", label: "Inbox", for: ["pst", "engineer", "distributor"] },
  { href: "/grants", label: "Access", for: ["pst", "engineer"] },
  { href: "/keys", label: "Keys", for: ["pst", "engineer", "distributor"] },
  { href: "/people", label: "People", for: ["pst", "admin-only"] },
  { href: "/organizations", label: "Organisations", for: ["pst", "admin-only"] },
  { href: "/settings", label: "Settings", for: ["pst", "admin-only", "engineer", "distributor"] },
];

/** The header's navigation, for a session that has passed the second factor; nothing before that. */
export async function AdminNav() {
  const session = await currentSession();
  if (!session?.secondFactorPassed) return null;
  const kind = accountKind({
    roles: [
      ...(session.roles.includes("ADMIN") ? (["admin"] as const) : []),
      ...(session.roles.includes("PST_MEMBER") ? (["pst"] as const) : []),
    ],
    isDistributor: session.distributor !== null,
  });
  return (
    <div className="flex flex-wrap items-center gap-4">
      <nav aria-label="Main">
        <ul className="flex flex-wrap gap-4">
          {LINKS.filter((l) => l.for.includes(kind)).map((l) => (
            <li key={l.href}>
              <Link href={l.href} className="text-slate-200 underline-offset-4 hover:underline">
                {l.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {/* An admin-only account holds no case content, so it has nothing to unlock. */}
      {kind === "admin-only" ? null : <KeyringStatus />}
      <AccountControls email={session.email} name={session.name} />
    </div>
  );
}
