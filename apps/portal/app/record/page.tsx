import {
  CASE_SEVERITIES,
  CASE_SEVERITY_LABELS,
  DAY_MS,
  durationText,
  MILESTONE_POLICY,
} from "@disclose/domain";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Our public record" };

const duration = (ms: number | null) => (ms === null ? "—" : durationText(ms));
const rate = (share: number | null) => (share === null ? "—" : `${Math.round(share * 100)} %`);

/**
 * How the security team did, in aggregate, for the fixes it released: only released cases are counted (nothing
 * about a case shows here before its advisory is out), the figures are recomputed once a day, and the page exists
 * only when the project chose to publish it.
 */
export default async function RecordPage() {
  await connection();
  const record = await (await serverCaller()).publicRecord.get();
  if (!record) notFound();
  const figures: { label: string; value: string; note?: string }[] = [
    { label: "Fixes released", value: String(record.releasedCases) },
    {
      label: "Time from report to a reviewed fix",
      value: `${duration(record.timeToFixReady.medianMs)} (median)`,
      note: `90 % within ${duration(record.timeToFixReady.p90Ms)}`,
    },
    {
      label: "Time from report to release",
      value: `${duration(record.timeToRelease.medianMs)} (median)`,
      note: `90 % within ${duration(record.timeToRelease.p90Ms)}`,
    },
    {
      label: `Released within the policy's ${MILESTONE_POLICY.released.dueAfterMs / DAY_MS} days`,
      value: rate(record.releaseOnTime.onTimeRate),
      note: `${record.releaseOnTime.onTime} on time, ${record.releaseOnTime.late} late${record.releaseOnTime.adjusted > 0 ? `; ${record.releaseOnTime.adjusted} with a recorded, announced change of date not counted` : ""}`,
    },
    {
      label: "Fix ready before the issue was public",
      value: rate(record.vultron.fixReadyBeforePublic.shareMet),
      note: `${record.vultron.fixReadyBeforePublic.met} of ${record.vultron.fixReadyBeforePublic.met + record.vultron.fixReadyBeforePublic.broken}`,
    },
    {
      label: "Fix released before any public exploit",
      value: rate(record.vultron.releasedBeforeExploit.shareMet),
      note: `${record.vultron.releasedBeforeExploit.met} of ${record.vultron.releasedBeforeExploit.met + record.vultron.releasedBeforeExploit.broken}`,
    },
  ];
  return (
    <div className="space-y-8">
      <section className="space-y-3">
        <h1 className="text-3xl font-bold tracking-tight">Our public record</h1>
        <p className="text-slate-700">
          How fast we fixed the vulnerabilities reported to us, measured against{" "}
          <a href="/policy" className="underline">
            our policy
          </a>
          . Only fixes already released are counted, so nothing here says anything about an issue still under
          embargo. Medians and 90th percentiles, never averages alone.
        </p>
        <p className="text-sm text-slate-600">
          {record.coveredFrom
            ? `Releases from ${record.coveredFrom} to ${record.coveredTo} (UTC). `
            : "No fix has been released yet. "}
          Updated daily; figures as of {record.generatedAt.slice(0, 10)}.
        </p>
      </section>
      <dl className="grid gap-4 sm:grid-cols-2" data-testid="public-record">
        {figures.map((f) => (
          <div key={f.label} className="rounded-lg border border-slate-200 bg-white p-4">
            <dt className="text-sm text-slate-600">{f.label}</dt>
            <dd className="text-2xl font-semibold">{f.value}</dd>
            {f.note ? <dd className="text-sm text-slate-600">{f.note}</dd> : null}
          </div>
        ))}
      </dl>
      <section aria-labelledby="severity" className="space-y-2">
        <h2 id="severity" className="text-xl font-semibold">
          Released fixes by severity
        </h2>
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-left text-sm">
            <caption className="sr-only">Released fixes by CVSS severity</caption>
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="py-2 pr-4">
                  Severity
                </th>
                <th scope="col" className="py-2">
                  Fixes
                </th>
              </tr>
            </thead>
            <tbody>
              {CASE_SEVERITIES.map((key) => (
                <tr key={key} className="border-b border-slate-200">
                  <th scope="row" className="py-2 pr-4 font-normal">
                    {CASE_SEVERITY_LABELS[key]}
                  </th>
                  <td className="py-2">{record.bySeverity[key]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
