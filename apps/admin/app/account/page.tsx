import { accountRolesOfSession } from "@disclose/api";
import { accountKind } from "@disclose/domain";
import type { Metadata } from "next";
import { KeysSummary } from "~/account/keys-summary";
import { PasskeysSection } from "~/account/passkeys-section";
import { RecoverySection } from "~/account/recovery-section";
import { SecondFactorSummary } from "~/account/second-factor-summary";
import { SecurityEventsTable } from "~/account/security-events-table";
import { SessionsTable } from "~/account/sessions-table";
import { requireStaffSession } from "~/auth/session";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Account" };

/**
 * The person's own account security, like GitHub's: where they are signed in, their second factors, their OpenPGP
 * keys, what happened to the account lately, and their recoveries. Everything here is theirs only.
 */
export default async function AccountPage() {
  const session = await requireStaffSession();
  const api = await serverCaller();
  // An admin without the PST role holds no case content: no key to show, nothing to be granted.
  const holdsCases = accountKind(accountRolesOfSession(session)) !== "admin-only";
  const [sessions, factors, events, keys, waiting] = await Promise.all([
    api.account.sessions(),
    api.account.secondFactors(),
    api.account.securityEvents(),
    holdsCases ? api.keys.mine() : null,
    // Only a hint: the page still works when the count cannot be had.
    holdsCases ? api.account.casesAwaitingMyKey().catch(() => null) : null,
  ]);

  return (
    <div className="max-w-4xl space-y-10">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold tracking-tight">Your account</h1>
        <p className="text-slate-700">
          Signed in as <strong>{session.name ?? session.email}</strong>
          {session.name ? ` (${session.email})` : ""}. Times are in UTC.
        </p>
      </div>

      <section aria-labelledby="sessions-heading" className="space-y-3">
        <h2 id="sessions-heading" className="text-lg font-semibold">
          Sessions
        </h2>
        <p className="text-sm text-slate-700">
          Every browser signed in to your account. End any you do not recognise, then make new recovery codes.
        </p>
        <SessionsTable sessions={sessions} />
      </section>

      <section aria-labelledby="second-factor-heading" className="space-y-3">
        <h2 id="second-factor-heading" className="text-lg font-semibold">
          Second factor
        </h2>
        <SecondFactorSummary factors={factors} />
        <PasskeysSection />
      </section>

      {keys ? (
        <section aria-labelledby="keys-heading" className="space-y-3">
          <h2 id="keys-heading" className="text-lg font-semibold">
            OpenPGP keys
          </h2>
          <KeysSummary mine={keys} casesWaiting={waiting?.cases ?? null} />
        </section>
      ) : null}

      <section aria-labelledby="events-heading" className="space-y-3">
        <h2 id="events-heading" className="text-lg font-semibold">
          Recent security events
        </h2>
        <SecurityEventsTable events={events} />
      </section>

      <RecoverySection />
    </div>
  );
}
