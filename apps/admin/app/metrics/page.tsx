import { type TMetricsView, ZMetricsPeriod } from "@disclose/api";
import { CASE_SEVERITY_LABELS, durationText } from "@disclose/domain";
import { buttonClass, DataTable, inputClass, secondaryButtonClass } from "@disclose/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { requireStaffSession } from "~/auth/session";
import { loadOr404 } from "~/cases/load-or-404";
import { DurationsChart, MonthlyChart, OnTimeChart, VultronChart } from "~/metrics/metrics-charts";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Metrics" };

type SearchParams = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) =>
  typeof value === "string" && value ? value : undefined;

const duration = (ms: number | null) => (ms === null ? "—" : durationText(ms));
const rate = (share: number | null) => (share === null ? "—" : `${Math.round(share * 100)} %`);

const OUTCOME_LABELS: Record<keyof TMetricsView["byOutcome"], string> = {
  accepted: "Accepted as a case",
  duplicate: "Duplicate",
  rejected: "Rejected",
  "not-a-vulnerability": "Not a vulnerability",
  spam: "Spam",
  untriaged: "Not triaged yet",
};
const STATUS_LABELS: Record<string, string> = {
  "on-time": "On time",
  late: "Late",
  open: "Open",
  overdue: "Overdue",
  "not-applicable": "—",
};

/**
 * How well the process runs, for the PST: the time from each report to each milestone (median and 90th
 * percentile, never an average alone), on-time rates against the policy's windows (cases whose dates a recorded
 * slow-down or upstream dependency moved are counted apart), outcomes and severities, the distributors'
 * receipts, and CERT/CC's desired orderings of events. Each chart has the table it draws beside it; the cases
 * come as CSV. The period is a GET form, so the page bookmarks and works without JavaScript.
 */
export default async function MetricsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireStaffSession();
  const query = await searchParams;
  const requested = {
    from: one(query.from),
    to: one(query.to),
    page: Number.parseInt(one(query.page) ?? "1", 10) || 1,
  };
  const parsed = ZMetricsPeriod.safeParse(requested);
  const problem = parsed.success ? null : (parsed.error.issues[0] ?? null);
  const caller = await serverCaller();
  // A period the form refuses shows why, with the default year's figures below it.
  const view = await loadOr404(() => caller.metrics.get(parsed.success ? parsed.data : {}));
  const released = view.milestones.find((m) => m.id === "released");
  const pageLink = (page: number) =>
    `/metrics?${new URLSearchParams({ from: view.days.from, to: view.days.to, page: String(page) })}`;
  return (
    <div className="space-y-8">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">Metrics</h1>
        <p className="max-w-3xl text-slate-700">
          How the security release process ran for the reports received in a period: times from each report to
          each milestone, on-time rates against the policy, and outcomes. Figures are medians and 90th
          percentiles; dates are UTC days.
        </p>
      </div>

      <form method="get" className="flex flex-wrap items-end gap-4 rounded-lg bg-white p-4 shadow-sm">
        <div className="space-y-1">
          <label htmlFor="metrics-from" className="block font-medium">
            Received from
          </label>
          <input
            id="metrics-from"
            name="from"
            type="date"
            required
            defaultValue={requested.from ?? view.days.from}
            aria-invalid={problem?.path[0] === "from" || undefined}
            aria-describedby={problem ? "metrics-period-error" : undefined}
            className={inputClass}
          />
        </div>
        <div className="space-y-1">
          <label htmlFor="metrics-to" className="block font-medium">
            to (included)
          </label>
          <input
            id="metrics-to"
            name="to"
            type="date"
            required
            defaultValue={requested.to ?? view.days.to}
            aria-invalid={problem?.path[0] === "to" || undefined}
            aria-describedby={problem ? "metrics-period-error" : undefined}
            className={inputClass}
          />
        </div>
        <button type="submit" className={buttonClass}>
          Show
        </button>
        <a
          href={`/api/metrics.csv?${new URLSearchParams({ from: view.days.from, to: view.days.to })}`}
          className={secondaryButtonClass}
          download
        >
          Download CSV (one line per case)
        </a>
        {problem ? (
          <p id="metrics-period-error" role="alert" className="w-full text-red-700">
            {problem.message} Showing {view.days.from} to {view.days.to} instead.
          </p>
        ) : null}
      </form>

      <dl
        className="grid grid-cols-2 gap-4 rounded-lg bg-white p-4 shadow-sm sm:grid-cols-4"
        data-testid="metrics-summary"
      >
        <div>
          <dt className="text-sm text-slate-600">Reports received</dt>
          <dd className="text-2xl font-semibold">{view.cases}</dd>
        </div>
        <div>
          <dt className="text-sm text-slate-600">Released</dt>
          <dd className="text-2xl font-semibold">{released?.reached ?? 0}</dd>
        </div>
        <div>
          <dt className="text-sm text-slate-600">Median time to release</dt>
          <dd className="text-2xl font-semibold">{duration(released?.duration.medianMs ?? null)}</dd>
        </div>
        <div>
          <dt className="text-sm text-slate-600">Released on time</dt>
          <dd className="text-2xl font-semibold">{rate(released?.policy.onTimeRate ?? null)}</dd>
        </div>
      </dl>

      {view.cases === 0 ? (
        <p className="rounded-lg bg-white p-6 text-slate-700 shadow-sm">
          No report arrived between {view.days.from} and {view.days.to}. Choose a longer period.
        </p>
      ) : (
        <>
          <section aria-labelledby="milestones-heading" className="space-y-3">
            <h2 id="milestones-heading" className="text-xl font-semibold">
              Time to each milestone
            </h2>
            <div className="grid gap-4 lg:grid-cols-2">
              <DurationsChart milestones={view.milestones} />
              <OnTimeChart milestones={view.milestones} />
            </div>
            <DataTable
              caption="Time from the report to each milestone, and on-time counts against the policy"
              rows={view.milestones}
              rowKey={(m) => m.id}
              rowTestId="metrics-milestone"
              empty="No milestone yet."
              columns={[
                { header: "Milestone", cell: (m) => m.label },
                { header: "Reached", cell: (m) => String(m.reached) },
                { header: "Median", cell: (m) => duration(m.duration.medianMs) },
                { header: "90th percentile", cell: (m) => duration(m.duration.p90Ms) },
                {
                  header: "On time / late / overdue",
                  cell: (m) => `${m.policy.onTime} / ${m.policy.late} / ${m.policy.overdue}`,
                },
                { header: "On-time rate", cell: (m) => rate(m.policy.onTimeRate) },
                {
                  header: "Moved by a decision (on time / late)",
                  cell: (m) => {
                    const slow = m.adjusted["slow-down"];
                    const up = m.adjusted["upstream-dependency"];
                    return `slow-down ${slow.onTime} / ${slow.late + slow.overdue}; upstream ${up.onTime} / ${up.late + up.overdue}`;
                  },
                },
              ]}
            />
          </section>

          <section aria-labelledby="monthly-heading" className="space-y-3">
            <h2 id="monthly-heading" className="text-xl font-semibold">
              By month of arrival
            </h2>
            <MonthlyChart monthly={view.monthly} />
            <DataTable
              caption="Reports received and released, by month of arrival"
              rows={view.monthly}
              rowKey={(m) => m.month}
              empty="No month in this period."
              columns={[
                { header: "Month", cell: (m) => m.month },
                { header: "Received", cell: (m) => String(m.received) },
                { header: "Released so far", cell: (m) => String(m.released) },
                { header: "Median time to release", cell: (m) => duration(m.medianTimeToReleaseMs) },
              ]}
            />
          </section>

          <section aria-labelledby="outcomes-heading" className="grid gap-4 lg:grid-cols-2">
            <h2 id="outcomes-heading" className="text-xl font-semibold lg:col-span-2">
              Outcomes and severity
            </h2>
            <DataTable
              caption="Reports by outcome"
              rows={Object.entries(view.byOutcome)}
              rowKey={([k]) => k}
              empty="No reports."
              columns={[
                { header: "Outcome", cell: ([k]) => OUTCOME_LABELS[k as keyof typeof OUTCOME_LABELS] },
                { header: "Reports", cell: ([, n]) => String(n) },
              ]}
            />
            <DataTable
              caption="Cases by severity (the highest CVSS score of their vulnerabilities)"
              rows={Object.entries(view.bySeverity)}
              rowKey={([k]) => k}
              empty="No cases."
              columns={[
                {
                  header: "Severity",
                  cell: ([k]) => CASE_SEVERITY_LABELS[k as keyof typeof CASE_SEVERITY_LABELS],
                },
                { header: "Cases", cell: ([, n]) => String(n) },
              ]}
            />
          </section>

          <section aria-labelledby="distributors-heading" className="space-y-3">
            <h2 id="distributors-heading" className="text-xl font-semibold">
              Early disclosure to distributors
            </h2>
            {view.distributors.notifications === 0 ? (
              <p className="rounded-lg bg-white p-6 text-slate-700 shadow-sm">
                No case of this period was disclosed early to distributors.
              </p>
            ) : (
              <dl className="grid grid-cols-2 gap-4 rounded-lg bg-white p-4 shadow-sm sm:grid-cols-3">
                <div>
                  <dt className="text-sm text-slate-600">Notifications (organisation × case)</dt>
                  <dd className="text-xl font-semibold">
                    {view.distributors.notifications} to {view.distributors.organizations} organisations
                  </dd>
                </div>
                <div>
                  <dt className="text-sm text-slate-600">Acknowledged · median / 90th percentile</dt>
                  <dd className="text-xl font-semibold">
                    {view.distributors.acknowledged} ·{" "}
                    {duration(view.distributors.timeToAcknowledge.medianMs)} /{" "}
                    {duration(view.distributors.timeToAcknowledge.p90Ms)}
                  </dd>
                </div>
                <div>
                  <dt className="text-sm text-slate-600">Never acknowledged</dt>
                  <dd className="text-xl font-semibold">{view.distributors.neverAcknowledged}</dd>
                </div>
                <div>
                  <dt className="text-sm text-slate-600">Downloaded · median to first download</dt>
                  <dd className="text-xl font-semibold">
                    {view.distributors.downloaded} ·{" "}
                    {duration(view.distributors.timeToFirstDownload.medianMs)}
                  </dd>
                </div>
                <div>
                  <dt className="text-sm text-slate-600">Gave feedback (“nothing found” counts)</dt>
                  <dd className="text-xl font-semibold">{rate(view.distributors.feedbackRate)}</dd>
                </div>
              </dl>
            )}
          </section>

          <section aria-labelledby="vultron-heading" className="space-y-3">
            <h2 id="vultron-heading" className="text-xl font-semibold">
              Desired orderings of events
            </h2>
            <p className="max-w-3xl text-slate-700">
              CERT/CC&rsquo;s Vultron &ldquo;desirable histories&rdquo;, for accepted cases: V vendor aware
              (the report), F fix ready, D fix released, P public aware, X exploit public, A attacks observed
              (both recorded on the case page). A case that has reached neither event is still pending.
            </p>
            <div className="grid gap-4 lg:grid-cols-2">
              <VultronChart vultron={view.vultron} />
              <DataTable
                caption="Desired orderings met, broken and pending"
                rows={view.vultron}
                rowKey={(v) => v.id}
                rowTestId="metrics-vultron"
                empty="No accepted case."
                columns={[
                  { header: "Ordering", cell: (v) => v.label },
                  { header: "Met", cell: (v) => String(v.met) },
                  { header: "Broken", cell: (v) => String(v.broken) },
                  { header: "Pending", cell: (v) => String(v.pending) },
                  { header: "Share met", cell: (v) => rate(v.shareMet) },
                ]}
              />
            </div>
          </section>

          <section aria-labelledby="cases-heading" className="space-y-3">
            <h2 id="cases-heading" className="text-xl font-semibold">
              Cases, newest first
            </h2>
            <DataTable
              caption={`Cases of the period, page ${view.page} of ${view.pages}`}
              rows={view.caseRows}
              rowKey={(r) => r.id}
              rowTestId="metrics-case"
              empty="No case on this page."
              columns={[
                {
                  header: "Report",
                  cell: (r) => (
                    <Link href={`/reports/${r.id}`} className="font-mono text-sky-700 underline">
                      {r.id.slice(0, 8)}
                    </Link>
                  ),
                },
                { header: "Received (UTC)", cell: (r) => r.receivedAt.slice(0, 10) },
                { header: "Outcome", cell: (r) => OUTCOME_LABELS[r.outcome] },
                { header: "Severity", cell: (r) => CASE_SEVERITY_LABELS[r.severity] },
                {
                  header: "Acknowledged",
                  cell: (r) =>
                    `${duration(r.durationsMs.acknowledged)} ${STATUS_LABELS[r.statuses.acknowledged]}`,
                },
                {
                  header: "Fix developed",
                  cell: (r) =>
                    `${duration(r.durationsMs["fix-developed"])} ${STATUS_LABELS[r.statuses["fix-developed"]]}${r.fixReopens > 0 ? ` (re-opened ${r.fixReopens}×)` : ""}`,
                },
                {
                  header: "Released",
                  cell: (r) => `${duration(r.durationsMs.released)} ${STATUS_LABELS[r.statuses.released]}`,
                },
              ]}
            />
            {view.pages > 1 ? (
              <nav aria-label="Pages of cases" className="flex items-center gap-4">
                {view.page > 1 ? (
                  <Link href={pageLink(view.page - 1)} className="text-sky-700 underline">
                    Newer cases
                  </Link>
                ) : null}
                <span className="text-slate-600">
                  Page {view.page} of {view.pages}
                </span>
                {view.page < view.pages ? (
                  <Link href={pageLink(view.page + 1)} className="text-sky-700 underline">
                    Older cases
                  </Link>
                ) : null}
              </nav>
            ) : null}
          </section>
        </>
      )}
    </div>
  );
}
