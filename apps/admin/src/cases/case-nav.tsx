import type { NextActionCode } from "@disclose/domain";
import Link from "next/link";

/** The case's pages, in the order work happens. */
export const CASE_PAGES = [
  { key: "overview", path: "", label: "Overview" },
  { key: "vulnerabilities", path: "/vulnerabilities", label: "Vulnerabilities & CVSS" },
  { key: "workspace", path: "/workspace", label: "Fix workspace" },
  { key: "patches", path: "/patches", label: "Patches" },
  { key: "release", path: "/release", label: "Notice & release" },
  { key: "distributors", path: "/distributors", label: "Distributors" },
  { key: "advisory", path: "/advisory", label: "Advisory" },
  { key: "history", path: "/history", label: "History" },
] as const;
export type CasePageKey = (typeof CASE_PAGES)[number]["key"];

/** Where the one next action is done: its button on the overview links there. */
export const NEXT_ACTION_PAGE: Readonly<Record<NextActionCode, CasePageKey>> = {
  acknowledge: "overview",
  triage: "overview",
  "assign-fix-lead": "overview",
  "form-fix-team": "overview",
  "start-fix": "overview",
  "score-cvss": "vulnerabilities",
  "publish-notice": "release",
  "add-fix-commit": "workspace",
  "get-lgtms": "workspace",
  "mark-fix-ready": "workspace",
  "set-release-version": "release",
  "agree-disclosure-time": "release",
  "choose-distributors": "release",
  "notify-distributors": "release",
  "mark-released": "release",
  "write-retrospective": "release",
  close: "release",
};

export function casePageHref(reportId: string, key: CasePageKey): string {
  const page = CASE_PAGES.find((p) => p.key === key) ?? CASE_PAGES[0];
  return `/reports/${reportId}${page.path}`;
}

/**
 * The case's tabs. Pages of the fix workflow exist only once the report was accepted as a case; before that
 * the overview (triage) and the history are all there is.
 */
export function CaseNav({
  reportId,
  current,
  isCase,
}: {
  reportId: string;
  current: CasePageKey;
  isCase: boolean;
}) {
  const pages = CASE_PAGES.filter((p) => isCase || p.key === "overview" || p.key === "history");
  return (
    <nav aria-label="This case" className="-mx-1 overflow-x-auto">
      <ul className="flex min-w-max gap-1 border-b border-slate-200 px-1">
        {pages.map((page) => {
          const active = page.key === current;
          return (
            <li key={page.key}>
              <Link
                href={casePageHref(reportId, page.key)}
                aria-current={active ? "page" : undefined}
                className={`block rounded-t px-3 py-2 text-sm ${
                  active
                    ? "border border-b-white border-slate-200 bg-white font-semibold text-slate-900"
                    : "text-sky-700 hover:bg-slate-50"
                }`}
              >
                {page.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
