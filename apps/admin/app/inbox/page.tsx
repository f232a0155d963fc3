import { accountRolesOfSession, INBOX_PAGE_SIZE, ZInboxFilter } from "@disclose/api";
import {
  accountKind,
  CASE_STATE_LABELS,
  CASE_STATES,
  type CaseState,
  durationText,
  formatUtc,
  relativeText,
} from "@disclose/domain";
import { buttonClass, inputClass } from "@disclose/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { requireStaffSession } from "~/auth/session";
import { ReportSummary } from "~/grants/report-summary";
import { UnreadableBadge } from "~/reports/unheld-keys-notice";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Inbox" };

type SearchParams = Record<string, string | string[] | undefined>;

/** The filters come from the URL (a GET form), so the inbox works, bookmarks and reloads without JavaScript. */
function filterFrom(params: SearchParams) {
  const list = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v ? [v] : []);
  const parsed = ZInboxFilter.safeParse({
    states: list(params.state).filter((s): s is CaseState => (CASE_STATES as readonly string[]).includes(s)),
    publicOnly: params.public === "1",
    search: typeof params.q === "string" ? params.q : "",
    page: Number(params.page ?? 1) || 1,
  });
  return parsed.success ? parsed.data : ZInboxFilter.parse({});
}

export default async function InboxPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const session = await requireStaffSession();
  const filter = filterFrom(await searchParams);
  const inbox = await (await serverCaller()).cases.inbox(filter);
  const kind = accountKind(accountRolesOfSession(session));
  const emptyText =
    kind === "admin-only"
      ? "Admins run the deployment and see no case content, so no reports are listed for you. The PST and each case's Fix Team see them here."
      : kind === "distributor"
        ? "Distributors never see the report inbox: embargoed material disclosed to your organisation will appear in your own area."
        : filter.search || filter.states.length || filter.publicOnly
          ? "No report matches these filters."
          : kind === "engineer"
            ? "No cases for you yet. When a Fix Lead adds you to a case's Fix Team, it appears here."
            : "No open reports. New reports from the portal appear here.";
  const now = Date.now();
  const pageLink = (page: number) => {
    const q = new URLSearchParams();
    for (const s of filter.states) q.append("state", s);
    if (filter.publicOnly) q.set("public", "1");
    if (filter.search) q.set("q", filter.search);
    q.set("page", String(page));
    return `/inbox?${q}`;
  };
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h1 className="text-2xl font-bold tracking-tight">Inbox</h1>
        <p className="text-sm text-slate-600">
          Reports must be acknowledged within {inbox.ackDeadlineHours} h of arrival; public disclosures at
          once.
        </p>
      </div>
      <form method="get" className="flex flex-wrap items-end gap-4 rounded-lg bg-white p-4 shadow-sm">
        <div className="min-w-48 flex-1 space-y-1">
          <label htmlFor="q" className="block font-medium">
            Search
          </label>
          <input
            id="q"
            name="q"
            defaultValue={filter.search}
            aria-describedby="q-hint"
            className={inputClass}
          />
          <p id="q-hint" className="text-sm text-slate-600">
            Report id (the 8 characters shown are enough), CVE ID, public link or reporter address. Report
            contents are encrypted and not searched.
          </p>
        </div>
        <fieldset className="space-y-1">
          <legend className="font-medium">State</legend>
          <div className="flex flex-wrap gap-3">
            {CASE_STATES.map((s) => (
              <label key={s} className="flex items-center gap-1 text-sm">
                <input type="checkbox" name="state" value={s} defaultChecked={filter.states.includes(s)} />
                {CASE_STATE_LABELS[s]}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="public" value="1" defaultChecked={filter.publicOnly} />
          Public disclosures only
        </label>
        <button type="submit" className={buttonClass}>
          Filter
        </button>
      </form>

      {inbox.rows.length === 0 ? (
        <p className="rounded-lg bg-white p-6 text-slate-700 shadow-sm" data-testid="inbox-empty">
          {emptyText}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg bg-white shadow-sm">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Reports, public disclosures first, then the newest</caption>
            <thead className="border-b bg-slate-50">
              <tr>
                <th scope="col" className="p-3">
                  Report
                </th>
                <th scope="col" className="p-3">
                  State
                </th>
                <th scope="col" className="p-3">
                  Received
                </th>
                <th scope="col" className="p-3">
                  Acknowledgement
                </th>
                <th scope="col" className="p-3">
                  Fix Lead
                </th>
              </tr>
            </thead>
            <tbody>
              {inbox.rows.map((row) => (
                <tr key={row.id} className="border-b last:border-0" data-testid="inbox-row">
                  <td className="min-w-48 max-w-xs p-3">
                    {/* The title (decrypted here) and the short id both lead to the report. */}
                    <Link href={`/reports/${row.id}`} className="group block">
                      {row.unreadable ? <UnreadableBadge /> : <ReportSummary ciphertext={row.summary} />}
                      <span className="font-mono text-sky-700 underline group-hover:no-underline">
                        {row.id.slice(0, 8)}
                      </span>
                    </Link>
                    {row.unread ? (
                      <span className="ml-2 rounded bg-sky-700 px-1.5 py-0.5 text-xs font-bold text-white">
                        New message
                      </span>
                    ) : null}
                    {row.waitingOnReporter ? (
                      <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-900">
                        Waiting on reporter
                      </span>
                    ) : null}
                    {row.asap ? (
                      <span className="ml-2 rounded bg-red-700 px-1.5 py-0.5 text-xs font-bold text-white">
                        PUBLIC · ASAP
                      </span>
                    ) : null}
                    {row.cveId ? <span className="ml-2 text-slate-600">{row.cveId}</span> : null}
                    <span className="block text-xs text-slate-500">
                      {row.attachments} attachment{row.attachments === 1 ? "" : "s"} · {row.messages} message
                      {row.messages === 1 ? "" : "s"}
                      {row.byEmail ? " · by email" : ""}
                    </span>
                  </td>
                  <td className="p-3">{row.stateLabel}</td>
                  <td className="p-3">
                    <time dateTime={row.receivedAt.toISOString()}>{formatUtc(row.receivedAt)}</time>
                    <span className="block text-xs text-slate-500">{relativeText(row.receivedAt, now)}</span>
                  </td>
                  <td className="p-3">
                    {row.ackDueAt === null ? (
                      "Done"
                    ) : row.ackOverdue ? (
                      <span className="font-semibold text-red-700">
                        Overdue by {durationText(now - row.ackDueAt.getTime())}
                      </span>
                    ) : (
                      <span>Due in {durationText(row.ackDueAt.getTime() - now)}</span>
                    )}
                  </td>
                  <td className="p-3">{row.fixLeadName ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="Pages" className="flex items-center gap-4 text-sm">
        <span>
          {inbox.totalIsExact ? inbox.total : `More than ${inbox.total.toLocaleString("en")}`} report
          {inbox.total === 1 ? "" : "s"} · page {inbox.page}
          {inbox.totalIsExact ? ` of ${Math.max(1, Math.ceil(inbox.total / INBOX_PAGE_SIZE))}` : ""}
        </span>
        {inbox.page > 1 ? (
          <Link href={pageLink(inbox.page - 1)} className="text-sky-700 underline">
            Previous
          </Link>
        ) : null}
        {inbox.hasNextPage ? (
          <Link href={pageLink(inbox.page + 1)} className="text-sky-700 underline">
            Next
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
