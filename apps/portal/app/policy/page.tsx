import {
  computeTimeline,
  durationText,
  formatUtc,
  MILESTONE_IDS,
  MILESTONE_POLICY,
  type MilestoneId,
} from "@disclose/domain";
import type { Metadata } from "next";
import { connection } from "next/server";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "How we handle reports" };

/** Plain words for reporters, per milestone; the numbers come from the policy itself. */
const FOR_REPORTERS: Record<MilestoneId, string> = {
  "fix-team-formed": "A Fix Lead from the security team brings in the engineers who can fix the issue.",
  "cvss-scored": "The Fix Team rates the severity with CVSS. The Fix Lead makes the final call.",
  "fix-developed": "A fix is written in private and every change is reviewed by a maintainer.",
  "users-notified":
    "Once a fix or mitigation exists, users are told a security fix is coming, and when, without the details.",
  "distributors-notified":
    "For remotely exploitable or privilege-escalation issues only: vetted distributors get the fix early, under embargo, so their users are protected on release day.",
  released:
    "The fix is released with a CVE ID, the severity, and credit to you unless you prefer to stay anonymous.",
};

// A fixed example, so the page is the same for everyone and shows real dates computed by the policy's rules.
const EXAMPLE_REPORTED_AT = new Date(Date.UTC(2025, 2, 3, 9, 0));

export default async function PolicyPage() {
  await connection();
  const api = await serverCaller();
  const [acknowledgments, { retentionDays }, record] = await Promise.all([
    api.acknowledgments.list(),
    api.retention.policy(),
    api.publicRecord.get(),
  ]);
  const example = computeTimeline(
    {
      state: "fix-in-progress",
      reportedAt: EXAMPLE_REPORTED_AT,
      isPublic: false,
      cvssScore: null,
      remotelyExploitable: true,
      privilegeEscalation: false,
      distributorDisclosureSkipped: false,
      fixOrMitigationAt: null,
      disclosureAt: null,
      completed: {},
      slowDowns: [],
    },
    EXAMPLE_REPORTED_AT,
  );
  const dueOf = new Map(example.milestones.map((m) => [m.id, m.due]));
  return (
    <div className="space-y-8">
      <section className="space-y-3">
        <h1 className="text-3xl font-bold tracking-tight">What happens after you report</h1>
        <p className="text-slate-700">
          The clock starts when your report arrives. These are the longest times our policy allows for a
          report that is still private; most steps happen sooner. If the issue is already public, every step
          happens as soon as possible.
        </p>
        <p>
          <a href="/report" className="font-medium underline">
            Report a vulnerability
          </a>
        </p>
      </section>

      <section aria-labelledby="steps" className="space-y-3">
        <h2 id="steps" className="text-xl font-semibold">
          The steps and their deadlines
        </h2>
        <ol className="space-y-3">
          <li className="rounded-lg border border-slate-200 bg-white p-4">
            <p className="font-medium">Your report is acknowledged and assessed</p>
            <p className="mt-1 text-sm text-slate-700">
              A member of the Product Security Team confirms receipt and decides whether it is a
              vulnerability, a duplicate, or a normal bug. You see the outcome on your tracking page.
            </p>
          </li>
          {MILESTONE_IDS.map((id) => {
            const policy = MILESTONE_POLICY[id];
            return (
              <li key={id} className="rounded-lg border border-slate-200 bg-white p-4">
                <p className="font-medium">
                  {policy.label}{" "}
                  <span className="whitespace-nowrap text-sm font-normal text-slate-600">
                    — within {durationText(policy.dueAfterMs)}
                  </span>
                </p>
                <p className="mt-1 text-sm text-slate-700">{FOR_REPORTERS[id]}</p>
              </li>
            );
          })}
        </ol>
        <p className="text-sm text-slate-700">
          For an issue rated below 4.0 (low severity), the team may take longer — for example over holidays —
          but only by a recorded decision with new dates, never silently.
        </p>
      </section>

      <section aria-labelledby="example" className="space-y-3">
        <h2 id="example" className="text-xl font-semibold">
          An example
        </h2>
        <p className="text-slate-700">
          A remotely exploitable issue reported privately on {formatUtc(EXAMPLE_REPORTED_AT)} would be handled
          by these dates at the latest:
        </p>
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-left text-sm">
            <caption className="sr-only">Latest dates for the example report</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="py-2 pr-4">
                  Step
                </th>
                <th scope="col" className="py-2">
                  At the latest
                </th>
              </tr>
            </thead>
            <tbody>
              {MILESTONE_IDS.map((id) => {
                const due = dueOf.get(id);
                return (
                  <tr key={id} className="border-b border-slate-200">
                    <th scope="row" className="py-2 pr-4 font-normal">
                      {MILESTONE_POLICY[id].label}
                    </th>
                    <td className="py-2 whitespace-nowrap">{due ? formatUtc(due) : "Not applicable"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      {record ? (
        <p className="text-slate-700" data-testid="policy-record-link">
          How we actually did:{" "}
          <a href="/record" className="underline">
            our public record
          </a>{" "}
          of released fixes ({record.releasedCases} so far), updated daily.
        </p>
      ) : null}

      <section aria-labelledby="while" className="space-y-2">
        <h2 id="while" className="text-xl font-semibold">
          While we work on it
        </h2>
        <ul className="list-disc space-y-1 pl-5 text-slate-700">
          <li>Please keep the issue private until the fix is released; we will agree the date with you.</li>
          <li>
            Talk with the team through your tracking link. Messages both ways are end-to-end encrypted: the
            server cannot read them.
          </li>
          <li>If the issue becomes public in the meantime, tell us at once through your tracking link.</li>
        </ul>
      </section>

      <section aria-labelledby="personal-data" className="space-y-2">
        <h2 id="personal-data" className="text-xl font-semibold">
          Your personal data
        </h2>
        <p className="text-slate-700">
          The only personal data we keep in clear is the email address you may give for updates, and the
          emails we send you. We erase them <strong>{retentionDays} days</strong> after your report is closed
          (or rejected, or found to be a duplicate, not a vulnerability or spam), and at once when you ask on
          your tracking page with &ldquo;Erase my email address now&rdquo;. Your encrypted report, the
          encrypted messages and the record of the case stay, so the fix and its history remain traceable; the
          team can still answer you on your tracking page. Our records refer to you by your report&apos;s id,
          never by your address. Your IP address is kept only as a hash, while the abuse limits need it (a
          day), and then dropped.
        </p>
      </section>

      <section aria-labelledby="distributors" className="space-y-2">
        <h2 id="distributors" className="text-xl font-semibold">
          For distributors
        </h2>
        <p className="text-slate-700">
          Distributions that ship this project can join the private distributors list, which gets fixes early
          under embargo.{" "}
          <a className="underline" href="/distributors/apply">
            Apply to the distributors list
          </a>
          .
        </p>
      </section>

      <section aria-labelledby="acknowledgments" className="space-y-2">
        <h2 id="acknowledgments" className="text-xl font-semibold">
          Acknowledgments
        </h2>
        {acknowledgments.length === 0 ? (
          <p className="text-slate-700">
            No fixed reports to credit yet. When a fix is released, the reporter is thanked here by name,
            unless they asked to stay anonymous.
          </p>
        ) : (
          <>
            <p className="text-slate-700">We thank the people who reported these issues to us privately:</p>
            <ul className="list-disc space-y-1 pl-5 text-slate-700">
              {acknowledgments.map((a) => (
                <li key={`${a.name}-${a.receivedAt.toISOString()}`}>
                  {a.name}
                  {a.cveId ? <span className="text-slate-500"> — {a.cveId}</span> : null}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="files" className="space-y-2">
        <h2 id="files" className="text-xl font-semibold">
          For tools and the careful
        </h2>
        <ul className="list-disc space-y-1 pl-5 text-slate-700">
          <li>
            <a className="underline" href="/.well-known/security.txt">
              /.well-known/security.txt
            </a>{" "}
            — how to reach us, in the standard format (RFC 9116).
          </li>
          <li>
            <a className="underline" href="/pgp-keys.asc">
              /pgp-keys.asc
            </a>{" "}
            — the security team&apos;s OpenPGP keys, to encrypt a report yourself.
          </li>
        </ul>
      </section>
    </div>
  );
}
