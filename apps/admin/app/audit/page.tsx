import { AppError, type TAuditEvents, type TAuditEventsQuery } from "@disclose/api";
import { Alert, buttonClass, DataTable, inputClass } from "@disclose/ui";
import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditStatusBanner } from "~/audit/audit-status-banner";
import { EventTime } from "~/audit/event-time";
import { requireStaffSession } from "~/auth/session";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Record<string, string | string[] | undefined>;

const FIELDS = ["person", "action", "subjectType", "subjectId", "from", "to"] as const;
type FilterField = (typeof FIELDS)[number];

const one = (value: string | string[] | undefined) =>
  typeof value === "string" && value.trim() ? value.trim() : undefined;

/** The refusal of a filter: which field and why (a BAD_INPUT from the server). */
function refusalOf(error: unknown): { field: string | null; message: string } | null {
  if (!(error instanceof TRPCError)) return null;
  if (error.cause instanceof AppError && error.cause.code === "BAD_INPUT") {
    return { field: error.cause.details.field ?? null, message: error.cause.message };
  }
  if (error.code === "BAD_REQUEST") return { field: null, message: error.message };
  return null;
}

/**
 * The whole audit log (every change, read and message, and what Disclose did itself), newest first, with the
 * chain's verification status. Filters are a GET form, so the page works, bookmarks and reloads without
 * JavaScript. For the PST and admins; anyone else gets the 404 page.
 */
export default async function AuditLogPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requireStaffSession();
  const query = await searchParams;
  const filter: TAuditEventsQuery = {};
  for (const field of FIELDS) {
    const value = one(query[field]);
    if (value !== undefined) filter[field] = value;
  }
  const before = one(query.before);
  const caller = await serverCaller();
  let status: Awaited<ReturnType<typeof caller.audit.status>>;
  try {
    status = await caller.audit.status();
  } catch (error) {
    if (error instanceof TRPCError && error.code === "FORBIDDEN") notFound();
    throw error;
  }
  let page: TAuditEvents | null = null;
  let refusal: { field: string | null; message: string } | null = null;
  try {
    page = await caller.audit.events({ ...filter, ...(before ? { before } : {}) });
  } catch (error) {
    refusal = refusalOf(error);
    if (!refusal) throw error;
  }
  // A refused filter still shows the form with the people to choose from: the unfiltered first page's list.
  const people = page?.people ?? (await caller.audit.events({})).people;
  const knownActions = page?.knownActions ?? [];
  const filtered = Object.keys(filter).length > 0 || Boolean(before);
  const errorId = (field: FilterField) => (refusal?.field === field ? "filter-error" : undefined);
  const olderLink = () => {
    const q = new URLSearchParams(filter as Record<string, string>);
    q.set("before", page?.events.at(-1)?.seq ?? "");
    return `/audit?${q}`;
  };
  const subjectLink = (e: TAuditEvents["events"][number]) =>
    e.subject.type === "report" && e.subject.id ? `/reports/${e.subject.id}/history` : null;

  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold tracking-tight">Audit log</h1>
        <p className="max-w-3xl text-slate-700">
          Every change, every read of a report or embargoed material and every message, newest first, in a
          hash-chained log that is verified every hour. Times are in UTC. The log holds no content: what was
          written is in the encrypted reports and threads.
        </p>
      </div>
      <AuditStatusBanner status={status} />
      <form
        method="get"
        aria-label="Filter the audit log"
        className="grid gap-4 rounded-lg bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-4"
      >
        <div className="space-y-1">
          <label htmlFor="person" className="block font-medium">
            Who
          </label>
          <select
            id="person"
            name="person"
            defaultValue={filter.person ?? ""}
            className={inputClass}
            aria-invalid={refusal?.field === "person" || undefined}
            aria-describedby={errorId("person")}
          >
            <option value="">Anyone</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
            <option value="reporter">The reporter</option>
            <option value="applicant">An applicant</option>
            <option value="system">Disclose</option>
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="action" className="block font-medium">
            Action
          </label>
          <input
            id="action"
            name="action"
            list="known-actions"
            defaultValue={filter.action ?? ""}
            placeholder="case. or report.read"
            className={inputClass}
            aria-invalid={refusal?.field === "action" || undefined}
            aria-describedby={[errorId("action"), "action-hint"].filter(Boolean).join(" ")}
          />
          <p id="action-hint" className="text-sm text-slate-600">
            Exact, or a prefix ending in a dot.
          </p>
          <datalist id="known-actions">
            {knownActions.map((a) => (
              <option key={a.action} value={a.action}>
                {a.label}
              </option>
            ))}
          </datalist>
        </div>
        <div className="space-y-1">
          <label htmlFor="subjectType" className="block font-medium">
            Subject type
          </label>
          <input
            id="subjectType"
            name="subjectType"
            defaultValue={filter.subjectType ?? ""}
            placeholder="report"
            className={inputClass}
            aria-invalid={refusal?.field === "subjectType" || undefined}
            aria-describedby={errorId("subjectType")}
          />
        </div>
        <div className="space-y-1">
          <label htmlFor="subjectId" className="block font-medium">
            Subject id
          </label>
          <input
            id="subjectId"
            name="subjectId"
            defaultValue={filter.subjectId ?? ""}
            className={inputClass}
            aria-invalid={refusal?.field === "subjectId" || undefined}
            aria-describedby={errorId("subjectId")}
          />
        </div>
        <div className="space-y-1">
          <label htmlFor="from" className="block font-medium">
            From (UTC day)
          </label>
          <input
            id="from"
            name="from"
            type="date"
            defaultValue={filter.from ?? ""}
            className={inputClass}
            aria-invalid={refusal?.field === "from" || undefined}
            aria-describedby={errorId("from")}
          />
        </div>
        <div className="space-y-1">
          <label htmlFor="to" className="block font-medium">
            To (UTC day, included)
          </label>
          <input
            id="to"
            name="to"
            type="date"
            defaultValue={filter.to ?? ""}
            className={inputClass}
            aria-invalid={refusal?.field === "to" || undefined}
            aria-describedby={errorId("to")}
          />
        </div>
        <div className="flex items-end gap-4 sm:col-span-2">
          <button type="submit" className={buttonClass}>
            Show
          </button>
          {filtered ? (
            <Link href="/audit" className="py-2 text-sky-700 underline">
              Show everything, newest first
            </Link>
          ) : null}
        </div>
      </form>
      {refusal ? (
        <div id="filter-error">
          <Alert title="These filters cannot be used">{refusal.message}</Alert>
        </div>
      ) : null}
      {page ? (
        <>
          <DataTable<TAuditEvents["events"][number]>
            caption="Audit log events, newest first"
            rowKey={(e) => e.seq}
            rowTestId="audit-event"
            rows={page.events}
            empty={
              <p>
                {filtered ? "No event in the audit log matches these filters." : "The audit log is empty."}
              </p>
            }
            columns={[
              { header: "#", cell: (e) => <span className="font-mono">{e.seq}</span> },
              {
                header: "When (UTC)",
                cell: (e) => <EventTime at={e.at} />,
              },
              { header: "Who", cell: (e) => e.actor.name },
              {
                header: "What",
                cell: (e) => (
                  <div>
                    <span className="font-medium">{e.label}</span>
                    <span className="block font-mono text-xs text-slate-500">{e.action}</span>
                    {e.details ? <p className="text-slate-600">{e.details}</p> : null}
                  </div>
                ),
              },
              {
                header: "Subject",
                cell: (e) => {
                  const href = subjectLink(e);
                  const text = `${e.subject.type}${e.subject.id ? ` ${e.subject.id.slice(0, 36)}` : ""}`;
                  return href ? (
                    <Link href={href} className="break-all text-sky-700 underline">
                      {text}
                    </Link>
                  ) : (
                    <span className="break-all">{text}</span>
                  );
                },
              },
            ]}
          />
          {page.hasMore ? (
            <p>
              <Link href={olderLink()} className="text-sky-700 underline">
                Show older events
              </Link>
            </p>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
