import { getEmailEnv } from "@disclose/email";
import { HealthBadge } from "@disclose/ui";
import Link from "next/link";
import { requireStaffSession } from "~/auth/session";
import { serverCaller } from "~/trpc/server";

export default async function AdminHomePage() {
  const session = await requireStaffSession();
  const health = await (await serverCaller()).health.check();
  return (
    <div className="space-y-6">
      <section className="space-y-2">
        <h1 className="text-2xl font-bold tracking-tight">Security team workspace</h1>
        <p data-testid="signed-in-as">Signed in as {session.name ?? session.email}.</p>
        <p>
          <Link href="/inbox" className="font-semibold text-sky-700 underline">
            Open the report inbox
          </Link>
        </p>
        <p className="text-slate-700">
          Triage reports, coordinate fixes, and run embargoed disclosure. Accounts are by invitation only and
          every account needs a second factor.
        </p>
      </section>
      <HealthBadge health={health} />
      {getEmailEnv().usesRealSmtp ? null : (
        <p className="text-sm text-slate-600">
          Development: mail goes to the local sink.{" "}
          <Link href="/dev/mailbox" className="text-sky-700 underline">
            Open the mailbox
          </Link>
        </p>
      )}
    </div>
  );
}
