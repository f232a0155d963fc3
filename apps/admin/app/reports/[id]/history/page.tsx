import { AppError, ZHistoryFilter } from "@disclose/api";
import { ACTIVITY_KINDS } from "@disclose/domain";
import { buttonClass, DataTable, inputClass } from "@disclose/ui";
import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditStatusSection } from "~/audit/audit-status-banner";
import { EventTime } from "~/audit/event-time";
import { requireStaffSession } from "~/auth/session";
import { CaseNav } from "~/cases/case-nav";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Case history" };

type SearchParams = Record<string, string | string[] | undefined>;

const KIND_LABELS: Record<(typeof ACTIVITY_KINDS)[number], string> = {
  change: "Changes",
  read: "Reads",
  message: "Messages",
  system: "Done by Disclose",
};

const one = (value: string | string[] | undefined) =>
  typeof value === "string" && value ? value : undefined;

/**
 * Everything that happened to a case, from the audit log: who changed it, who read it, when. Filters are a GET
 * form, so the page works, bookmarks and reloads without JavaScript.
 */
export default async function CaseHistoryPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  await requireStaffSession();
  const { id } = await params;
  const query = await searchParams;
  const parsed = ZHistoryFilter.safeParse({
    reportId: id,
    kind: one(query.kind),
    actor: one(query.actor),
    before: one(query.before),
  });
  const filter = parsed.success ? parsed.data : { reportId: id };
  let history: Awaited<ReturnType<Awaited<ReturnType<typeof serverCaller>>["cases"]["history"]>>;
  try {
    history = await (await serverCaller()).cases.history(filter);
  } catch (error) {
    // Not found and not allowed look the same on purpose.
    if (error instanceof TRPCError && (error.cause instanceof AppError || error.code === "BAD_REQUEST"))
      notFound();
    throw error;
  }
  const short = history.reportId.slice(0, 8);
  const olderLink = () => {
    const q = new URLSearchParams();
    if (filter.kind) q.set("kind", filter.kind);
    if (filter.actor) q.set("actor", filter.actor);
    q.set("before", history.events.at(-1)?.seq ?? "");
    return `/reports/${history.reportId}/history?${q}`;
  };
  const filtered = Boolean(filter.kind || filter.actor || filter.before);
  return (
    <div className="space-y-6">
      <CaseNav reportId={history.reportId} current="history" isCase={history.isCase} />
      <div className="space-y-2">
        <h1 className="text-2xl font-bold tracking-tight">
          History of report <span className="font-mono">{short}</span>
        </h1>
        <p className="max-w-3xl text-slate-700">
          Every change, every read and every message, from the audit log, newest first. Times are in UTC. The
          log holds no content: what was written is in the encrypted report and threads.
        </p>
      </div>
      <AuditStatusSection />
      <form method="get" className="flex flex-wrap items-end gap-4 rounded-lg bg-white p-4 shadow-sm">
        <div className="min-w-40 space-y-1">
          <label htmlFor="kind" className="block font-medium">
            What
          </label>
          <select id="kind" name="kind" defaultValue={filter.kind ?? ""} className={inputClass}>
            <option value="">Everything</option>
            {ACTIVITY_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {KIND_LABELS[kind]}
              </option>
            ))}
          </select>
        </div>
        <div className="min-w-48 space-y-1">
          <label htmlFor="actor" className="block font-medium">
            Who
          </label>
          <select id="actor" name="actor" defaultValue={filter.actor ?? ""} className={inputClass}>
            <option value="">Anyone</option>
            {history.actors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
            <option value="reporter">The reporter</option>
            <option value="system">Disclose</option>
          </select>
        </div>
        <button type="submit" className={buttonClass}>
          Show
        </button>
        {filtered ? (
          <Link href={`/reports/${history.reportId}/history`} className="py-2 text-sky-700 underline">
            Show everything, newest first
          </Link>
        ) : null}
      </form>
      <DataTable<(typeof history.events)[number]>
        caption={`History of report ${short}`}
        rowKey={(e) => e.seq}
        rowTestId="history-event"
        rows={history.events}
        empty={<p>{filtered ? "Nothing in this case's history matches these filters." : "Nothing yet."}</p>}
        columns={[
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
                {e.details ? <p className="text-slate-600">{e.details}</p> : null}
              </div>
            ),
          },
          { header: "Kind", cell: (e) => KIND_LABELS[e.kind] },
        ]}
      />
      {history.hasMore ? (
        <p>
          <Link href={olderLink()} className="text-sky-700 underline">
            Show older events
          </Link>
        </p>
      ) : null}
    </div>
  );
}
