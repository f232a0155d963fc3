import type { TPatch } from "@disclose/patches";
import { type PatchFileView, type PatchRowView, patchView } from "./patch-view-model";

export interface PatchDiffProps {
  /** One parsed patch (see @disclose/patches' parseFormatPatch); render a series as one PatchDiff each. */
  patch: TPatch;
  /** Prefix of the anchors and ids, unique on the page (e.g. "patch-2" for the second of a series). */
  idPrefix?: string;
  /** Long lines wrap instead of scrolling sideways inside their file. */
  wrap?: boolean;
}

const ROW_CLASS: Record<PatchRowView["kind"], string> = {
  add: "bg-emerald-50",
  delete: "bg-red-50",
  context: "",
  "no-newline": "text-slate-500 italic",
};

const MARKER_CLASS: Record<PatchRowView["kind"], string> = {
  add: "text-emerald-800",
  delete: "text-red-800",
  context: "",
  "no-newline": "",
};

/**
 * A readable diff of one `git format-patch` patch: the commit header, a list of its files (links, so Tab and
 * Enter move through them) and each file's hunks with old and new line numbers. Changes are marked by a +/−
 * gutter and by screen-reader text, not by colour alone. No script, no inline style (CSP-safe); long lines
 * scroll sideways within their file (or wrap), so a 390 px screen never scrolls the page sideways.
 */
export function PatchDiff({ patch, idPrefix = "patch", wrap = false }: PatchDiffProps) {
  const view = patchView(patch, idPrefix);
  const headingId = `${view.id}-subject`;
  return (
    <article aria-labelledby={headingId} className="min-w-0 space-y-4" data-testid="patch-diff">
      <header className="space-y-2 rounded-lg bg-white p-4 shadow-sm">
        {view.seriesLabel ? <p className="text-sm text-slate-600">{view.seriesLabel}</p> : null}
        <h2 id={headingId} className="text-lg font-semibold break-words">
          {view.subject}
        </h2>
        <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
          <dt className="text-slate-600">Author</dt>
          <dd className="break-words">{view.author}</dd>
          <dt className="text-slate-600">Date</dt>
          <dd>
            <time dateTime={view.dateTime}>{view.dateUtc}</time>
          </dd>
          <dt className="text-slate-600">Commit</dt>
          <dd>
            <code className="break-all" title={view.commit}>
              {view.commit}
            </code>
          </dd>
        </dl>
        {view.body ? (
          <pre className="font-sans text-sm whitespace-pre-wrap break-words">{view.body}</pre>
        ) : null}
        <p className="text-sm text-slate-700">{view.totals.label}</p>
      </header>

      <nav aria-label={`Files in “${view.subject}”`} className="rounded-lg bg-white p-4 shadow-sm">
        <h3 className="mb-2 text-sm font-semibold">Files</h3>
        <ul className="space-y-1 text-sm">
          {view.files.map((file) => (
            <li key={file.id} className="flex min-w-0 items-baseline justify-between gap-3">
              <a href={`#${file.id}`} className="min-w-0 font-mono break-all text-sky-800 underline">
                {file.path}
              </a>
              <Counts file={file} />
            </li>
          ))}
        </ul>
      </nav>

      {view.files.map((file) => (
        <FileDiff key={file.id} file={file} wrap={wrap} />
      ))}
    </article>
  );
}

function Counts({ file }: { file: PatchFileView }) {
  return (
    <span className="shrink-0 font-mono text-xs">
      <span aria-hidden="true">
        <span className="text-emerald-800">+{file.additions}</span>{" "}
        <span className="text-red-800">−{file.deletions}</span>
      </span>
      <span className="sr-only">{file.countsLabel}</span>
    </span>
  );
}

function FileDiff({ file, wrap }: { file: PatchFileView; wrap: boolean }) {
  const headingId = `${file.id}-path`;
  return (
    <section id={file.id} aria-labelledby={headingId} className="min-w-0 rounded-lg bg-white shadow-sm">
      <header className="flex flex-wrap items-baseline gap-2 border-b bg-slate-50 p-3">
        <h3 id={headingId} className="min-w-0 font-mono text-sm font-semibold break-all">
          {file.path}
        </h3>
        {file.badges.map((badge) => (
          <span key={badge} className="rounded border border-slate-300 px-1.5 text-xs text-slate-700">
            {badge}
          </span>
        ))}
        <span className="ml-auto">
          <Counts file={file} />
        </span>
      </header>
      {file.note ? <p className="p-3 text-sm text-slate-700">{file.note}</p> : null}
      {file.hunks.map((hunk) => (
        // Chromium and Firefox make a scroller without focusable content focusable by themselves, so a keyboard
        // can scroll a wide hunk sideways without a tabindex here.
        <div key={hunk.key} className="max-w-full overflow-x-auto">
          <table className="min-w-full border-collapse font-mono text-xs">
            <caption className="sr-only">{hunk.caption}</caption>
            <thead className="sr-only">
              <tr>
                <th scope="col">Old line</th>
                <th scope="col">New line</th>
                <th scope="col">Change</th>
                <th scope="col">Code</th>
              </tr>
            </thead>
            <tbody>
              <tr className="bg-sky-50 text-slate-600">
                <td colSpan={4} className="px-2 py-1 whitespace-pre">
                  {hunk.header}
                </td>
              </tr>
              {hunk.rows.map((row) => (
                <tr key={row.key} className={ROW_CLASS[row.kind]} data-kind={row.kind}>
                  <td className="w-px px-2 text-right whitespace-nowrap text-slate-500 select-none">
                    {row.oldNumber}
                  </td>
                  <td className="w-px px-2 text-right whitespace-nowrap text-slate-500 select-none">
                    {row.newNumber}
                  </td>
                  <td className={`w-px px-1 text-center select-none ${MARKER_CLASS[row.kind]}`}>
                    <span aria-hidden="true">{row.marker}</span>
                  </td>
                  <td className={`pr-2 ${wrap ? "whitespace-pre-wrap break-all" : "whitespace-pre"}`}>
                    {row.srLabel ? <span className="sr-only">{row.srLabel} </span> : null}
                    {row.text}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
