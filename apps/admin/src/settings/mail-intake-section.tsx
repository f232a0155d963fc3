import type { AdminRouter } from "@disclose/api";
import { formatUtc } from "@disclose/domain";
import { Alert } from "@disclose/ui";
import type { inferRouterOutputs } from "@trpc/server";

type TStatus = inferRouterOutputs<AdminRouter>["mailIntake"]["status"];

/** The settings page's view of the security mailbox's pick-up: configured or not, when it last ran, what failed. */
export function MailIntakeSection({ status }: { status: TStatus }) {
  const failing =
    status.lastError !== null &&
    (status.lastPickupAt === null ||
      (status.lastErrorAt !== null && status.lastErrorAt > status.lastPickupAt));
  return (
    <section aria-labelledby="mail-intake-heading" className="space-y-2">
      <h2 id="mail-intake-heading" className="text-lg font-semibold">
        Reports by email
      </h2>
      {!status.configured ? (
        <p className="text-sm text-slate-700">
          Not set up. Set <code>SECURITY_IMAP_URL</code> to a mailbox that receives a copy of outside mail to
          your security address; the worker then turns that mail into reports, encrypted on receipt (README:
          “Reports by email”).
        </p>
      ) : (
        <>
          {failing ? (
            <Alert title="The last pick-up failed">
              {status.lastError} ({status.lastErrorAt ? formatUtc(status.lastErrorAt) : "time unknown"}). The
              worker keeps trying (after 5 seconds, then less often, at most every 5 minutes); mail stays in
              the mailbox meanwhile.
            </Alert>
          ) : null}
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="font-medium text-slate-600">Mailbox</dt>
            <dd className="break-all">{status.mailbox}</dd>
            <dt className="font-medium text-slate-600">Last pick-up</dt>
            <dd>
              {status.lastPickupAt ? formatUtc(status.lastPickupAt) : "Not yet"} (new mail is picked up as it
              arrives, with IMAP IDLE; a server without it is checked every minute)
            </dd>
            <dt className="font-medium text-slate-600">Reports by email</dt>
            <dd>{status.reportsTaken}</dd>
            <dt className="font-medium text-slate-600">Kept aside</dt>
            <dd>
              {status.quarantinedLast30Days} in the last 30 days (automatic replies, bounces, unreadable or
              refused mail), in the mailbox&apos;s quarantine folder for the PST to look at.
            </dd>
          </dl>
        </>
      )}
    </section>
  );
}
