import { ADVISORY_SEVERITIES } from "@disclose/api";
import { formatUtc } from "@disclose/domain";
import { buttonClass, inputClass } from "@disclose/ui";
import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { connection } from "next/server";
import { ADVISORY_FEED_ALTERNATES } from "~/advisories/feeds";
import { SeverityBadge, WithdrawnBadge } from "~/advisories/severity-badge";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = {
  title: "Security advisories",
  description:
    "Published security advisories: affected and fixed versions, CVEs, severity and how to upgrade.",
  alternates: ADVISORY_FEED_ALTERNATES,
};

type TSearchParams = Record<string, string | string[] | undefined>;
type TSeverity = (typeof ADVISORY_SEVERITIES)[number];

function one(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

/** What the address asks for, made valid: an unknown severity or a bad page number is ignored, not an error. */
function filtersOf(params: TSearchParams): { q: string; severity: TSeverity | ""; page: number } {
  const q = one(params.q).slice(0, 200);
  const severity = (ADVISORY_SEVERITIES as readonly string[]).includes(one(params.severity))
    ? (one(params.severity) as TSeverity)
    : "";
  const page = Number.parseInt(one(params.page), 10);
  return { q, severity, page: Number.isInteger(page) && page >= 1 && page <= 10_000 ? page : 1 };
}

function pageHref(filters: { q: string; severity: string }, page: number): string {
  const query = new URLSearchParams();
  if (filters.q) query.set("q", filters.q);
  if (filters.severity) query.set("severity", filters.severity);
  if (page > 1) query.set("page", String(page));
  const text = query.toString();
  return text ? `/advisories?${text}` : "/advisories";
}

export default async function AdvisoriesPage({ searchParams }: { searchParams: Promise<TSearchParams> }) {
  await connection();
  const filters = filtersOf(await searchParams);
  // Control characters are refused by the API; a search for them finds nothing anyway.
  const q = filters.q.replace(/\p{Cc}/gu, " ");
  const api = await serverCaller();
  const input = {
    ...(filters.severity ? { severity: filters.severity } : {}),
    page: filters.page,
  };
  let refusedSearch = false;
  let list: Awaited<ReturnType<typeof api.advisories.list>>;
  try {
    list = await api.advisories.list({ ...input, ...(q.trim() ? { q } : {}) });
  } catch (error) {
    // A search the API refuses (invisible characters): say so, and list without it.
    if (!(error instanceof TRPCError && error.code === "BAD_REQUEST")) throw error;
    refusedSearch = true;
    list = await api.advisories.list(input);
  }
  const filtered = q.trim() !== "" || filters.severity !== "";
  return (
    <div className="space-y-6">
      <section className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight">Security advisories</h1>
        <p className="text-slate-700">
          Every vulnerability fixed through our security process, with the affected and fixed versions and how
          to upgrade. Follow them with the{" "}
          <a className="underline" href="/advisories/feed.atom">
            Atom feed
          </a>{" "}
          or the{" "}
          <a className="underline" href="/advisories/feed.json">
            JSON Feed
          </a>
          ; tools can read the{" "}
          <a className="underline" href="/.well-known/csaf/provider-metadata.json">
            CSAF provider metadata
          </a>
          .
        </p>
      </section>

      <search>
        <form method="get" action="/advisories" className="flex flex-wrap items-end gap-3">
          <div className="min-w-0 grow">
            <label htmlFor="advisory-q" className="block text-sm font-medium">
              Search
            </label>
            <input
              id="advisory-q"
              name="q"
              type="search"
              defaultValue={filters.q}
              maxLength={200}
              placeholder="CVE, package, advisory ID or words"
              className={`${inputClass} w-full`}
            />
          </div>
          <div>
            <label htmlFor="advisory-severity" className="block text-sm font-medium">
              Severity
            </label>
            <select
              id="advisory-severity"
              name="severity"
              defaultValue={filters.severity}
              className={inputClass}
            >
              <option value="">Any</option>
              {ADVISORY_SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className={buttonClass}>
            Search
          </button>
          {filtered ? (
            <a href="/advisories" className="self-center text-sm underline">
              Clear
            </a>
          ) : null}
        </form>
      </search>

      {refusedSearch ? (
        <p className="text-sm text-red-800" role="alert">
          That search contains characters that cannot be searched for; showing every advisory instead.
        </p>
      ) : null}
      <p className="text-sm text-slate-600" aria-live="polite" data-testid="advisory-count">
        {list.total === 0
          ? ""
          : `${list.total} advisor${list.total === 1 ? "y" : "ies"}${filtered ? " found" : ""}.`}
      </p>

      {list.items.length === 0 ? (
        <div
          className="rounded-lg border border-slate-200 bg-white p-6 text-slate-700"
          data-testid="advisories-empty"
        >
          {filtered ? (
            <p>No advisory matches this search. Try a CVE ID, a package name or fewer words.</p>
          ) : list.total > 0 ? (
            <p>
              There is no page {filters.page}.{" "}
              <a className="underline" href={pageHref(filters, list.pageCount)}>
                Go to the last page
              </a>
              .
            </p>
          ) : (
            <p>No security advisories have been published yet.</p>
          )}
        </div>
      ) : (
        <ul className="space-y-3" data-testid="advisory-list">
          {list.items.map((a) => (
            <li key={a.publicId} className="rounded-lg border border-slate-200 bg-white p-4">
              <div className="flex flex-wrap items-center gap-2 text-sm">
                <SeverityBadge severity={a.severity} score={a.cvssScore} />
                {a.withdrawnAt ? <WithdrawnBadge /> : null}
                <span className="font-mono text-slate-600">{a.publicId}</span>
                {a.cveIds.map((cve) => (
                  <span key={cve} className="font-mono text-slate-600">
                    {cve}
                  </span>
                ))}
              </div>
              <h2 className="mt-1 text-lg font-semibold wrap-anywhere">
                <a
                  href={`/advisories/${a.publicId}`}
                  className={a.withdrawnAt ? "line-through" : "underline-offset-4 hover:underline"}
                >
                  {a.title}
                </a>
              </h2>
              <p className="mt-1 text-slate-700 wrap-anywhere">{a.summary}</p>
              <p className="mt-2 text-xs text-slate-600">
                {a.packages.length > 0 ? (
                  <span className="wrap-anywhere">{a.packages.join(", ")} · </span>
                ) : null}
                Published {formatUtc(a.publishedAt)}
                {a.modifiedAt.getTime() !== a.publishedAt.getTime()
                  ? ` · updated ${formatUtc(a.modifiedAt)}`
                  : ""}
              </p>
            </li>
          ))}
        </ul>
      )}

      {list.pageCount > 1 ? (
        <nav aria-label="Pages" className="flex items-center justify-between text-sm">
          {filters.page > 1 ? (
            <a
              className="underline"
              href={pageHref(filters, Math.min(filters.page - 1, list.pageCount))}
              rel="prev"
            >
              ← Newer
            </a>
          ) : (
            <span />
          )}
          <span className="text-slate-600">
            Page {Math.min(filters.page, list.pageCount)} of {list.pageCount}
          </span>
          {filters.page < list.pageCount ? (
            <a className="underline" href={pageHref(filters, filters.page + 1)} rel="next">
              Older →
            </a>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </div>
  );
}
