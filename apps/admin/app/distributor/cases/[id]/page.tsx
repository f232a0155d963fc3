import { formatUtc } from "@disclose/domain";
import { LocalTime } from "@disclose/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { requireStaffSession } from "~/auth/session";
import { loadOr404 } from "~/cases/load-or-404";
import { DistributorCopies } from "~/distributors/cases/distributor-copies";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Embargoed case" };

/**
 * What the policy lets a notified distributor see of a case: its id, severity, affected branches, whether a
 * mitigation exists, the embargo end and terms, and the organisation's own copies. Nothing of the report.
 */
export default async function DistributorCasePage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaffSession();
  const { id } = await params;
  const view = await loadOr404(async () => (await serverCaller()).distributorCases.get({ reportId: id }));
  return (
    <div className="space-y-4">
      <p>
        <Link href="/distributor/cases" className="text-sky-700 underline">
          Embargoed cases
        </Link>
      </p>
      <h1 className="text-2xl font-bold tracking-tight">
        Case <span className="font-mono">{view.caseId.slice(0, 8)}</span>
      </h1>
      <section className="space-y-2 rounded-lg bg-white p-4 shadow-sm" aria-labelledby="embargo-heading">
        <h2 id="embargo-heading" className="text-lg font-semibold">
          Embargo
        </h2>
        <p data-testid="embargo-end">
          {view.disclosureAt ? (
            <>
              Ends <strong>{formatUtc(view.disclosureAt)}</strong> (your time:{" "}
              <LocalTime at={view.disclosureAt} />
              ).
            </>
          ) : (
            "No end agreed yet."
          )}
        </p>
        <p className="whitespace-pre-wrap">{view.terms}</p>
        <p className="text-sm text-slate-700">
          The embargo policy: keep this to your organisation&rsquo;s security team, prepare updates privately,
          and publish nothing before the end. If anything leaks, tell the security team at once.
        </p>
      </section>
      <section className="space-y-2 rounded-lg bg-white p-4 shadow-sm" aria-labelledby="facts-heading">
        <h2 id="facts-heading" className="text-lg font-semibold">
          What you need to act
        </h2>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
          <dt className="font-medium">Severity</dt>
          <dd>
            {view.severity.length === 0
              ? "Not scored yet."
              : view.severity.map((s) => (
                  <span key={s.cvssVector} className="block">
                    {s.score !== null ? `${s.score.toFixed(1)} ${s.rating ?? ""} ` : ""}
                    <span className="font-mono text-sm">{s.cvssVector}</span>
                  </span>
                ))}
          </dd>
          <dt className="font-medium">Fixed on</dt>
          <dd>
            {view.affected.length === 0
              ? "—"
              : view.affected
                  .map((a) => (a.releaseVersion ? `${a.branch} (release ${a.releaseVersion})` : a.branch))
                  .join(", ")}
          </dd>
          <dt className="font-medium">Mitigation available</dt>
          <dd>{view.mitigationAvailable ? "Yes" : "No"}</dd>
        </dl>
      </section>
      <DistributorCopies view={view} />
      <section className="space-y-2 rounded-lg bg-white p-4 shadow-sm" aria-labelledby="report-back-heading">
        <h2 id="report-back-heading" className="text-lg font-semibold">
          Report back
        </h2>
        <p className="text-slate-700">
          Members of the list carry some water: tell the team whether you are affected and what your review
          and tests found, even when you found nothing. If anything about this case leaked, say so at once.
        </p>
        <ul className="flex flex-wrap gap-4">
          <li>
            <Link href={`/distributor/cases/${view.caseId}/feedback`} className="text-sky-700 underline">
              Record review and test results
            </Link>
          </li>
          <li>
            <Link href={`/distributor/cases/${view.caseId}/advisory`} className="text-sky-700 underline">
              Read and comment on the draft advisory
            </Link>
          </li>
          <li>
            <Link href={`/distributor/cases/${view.caseId}/leak`} className="text-sky-700 underline">
              Report a leak
            </Link>
          </li>
        </ul>
      </section>
    </div>
  );
}
