import type { TPatch, TPatchFile, TPatchLine } from "@disclose/patches";

/**
 * What the diff view shows, derived from a parsed patch: every label, count and screen-reader text is decided
 * here (pure, tested), so the component only lays it out.
 */

export interface PatchRowView {
  key: string;
  kind: TPatchLine["kind"];
  /** "" where the line is not in that file. */
  oldNumber: string;
  newNumber: string;
  /** The visible gutter mark: "+", "−" or "" (context and notes). Never the only sign of a change. */
  marker: "+" | "−" | "";
  /** What a screen reader says before the code: "Added line 12", "Removed line 11", "" for context. */
  srLabel: string;
  text: string;
}

export interface PatchHunkView {
  key: string;
  header: string;
  /** "Lines 10–14 of the old file, 10–15 of the new", for the hunk table's caption. */
  caption: string;
  rows: PatchRowView[];
}

export interface PatchFileView {
  /** The anchor the file list links to (unique on the page with the view's idPrefix). */
  id: string;
  /** The path to show: the new path, or "old → new" for a rename or copy. */
  path: string;
  /** Short words shown as badges beside the path: "added", "renamed", "binary", "mode 100644 → 100755". */
  badges: string[];
  additions: number;
  deletions: number;
  /** "+3 −1" on screen … */
  counts: string;
  /** … and "3 lines added, 1 line removed" for screen readers. */
  countsLabel: string;
  /** Why there is nothing to show, when there is no hunk. */
  note: string | null;
  hunks: PatchHunkView[];
}

export interface PatchView {
  id: string;
  subject: string;
  /** "Patch 2 of 3" for a series; null for a lone patch. */
  seriesLabel: string | null;
  author: string;
  /** ISO 8601 for <time dateTime>, and the UTC form people read (the brief: times always with their UTC form). */
  dateTime: string;
  dateUtc: string;
  commit: string;
  shortCommit: string;
  body: string;
  totals: { files: number; additions: number; deletions: number; label: string };
  files: PatchFileView[];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function patchView(patch: TPatch, idPrefix = "patch"): PatchView {
  const files = patch.files.map((file, i) => fileView(file, `${idPrefix}-file-${i + 1}`));
  const additions = files.reduce((sum, f) => sum + f.additions, 0);
  const deletions = files.reduce((sum, f) => sum + f.deletions, 0);
  return {
    id: idPrefix,
    subject: patch.subject || "(no subject)",
    seriesLabel: patch.series ? `Patch ${patch.series.number} of ${patch.series.total}` : null,
    author: patch.author.name ? `${patch.author.name} <${patch.author.email}>` : patch.author.email,
    dateTime: patch.date,
    dateUtc: `${patch.date.slice(0, 10)} ${patch.date.slice(11, 16)} UTC`,
    commit: patch.commit,
    shortCommit: patch.commit.slice(0, 12),
    body: patch.body,
    totals: {
      files: files.length,
      additions,
      deletions,
      label: `${plural(files.length, "file", "files")} changed, ${plural(additions, "line", "lines")} added, ${plural(deletions, "line", "lines")} removed`,
    },
    files,
  };
}

function fileView(file: TPatchFile, id: string): PatchFileView {
  const path =
    (file.status === "renamed" || file.status === "copied") && file.oldPath && file.newPath
      ? `${file.oldPath} → ${file.newPath}`
      : (file.newPath ?? file.oldPath ?? "(no path)");
  const badges: string[] = [];
  if (file.status !== "modified") badges.push(file.status);
  if (file.binary) badges.push("binary");
  if (file.oldMode && file.newMode && file.oldMode !== file.newMode) {
    badges.push(`mode ${file.oldMode} → ${file.newMode}`);
  }
  let note: string | null = null;
  if (file.hunks.length === 0) {
    if (file.binary) note = "Binary file: its content is not shown. Download the patch to see it.";
    else if (file.status === "renamed" || file.status === "copied") {
      note = `${file.status === "renamed" ? "Renamed" : "Copied"} without changes to its content.`;
    } else if (file.status === "added") note = "An empty file is added.";
    else if (file.status === "deleted") note = "An empty file is deleted.";
    else note = "Only the file's mode changes.";
  }
  return {
    id,
    path,
    badges,
    additions: file.additions,
    deletions: file.deletions,
    counts: `+${file.additions} −${file.deletions}`,
    countsLabel: `${plural(file.additions, "line", "lines")} added, ${plural(file.deletions, "line", "lines")} removed`,
    note,
    hunks: file.hunks.map((hunk, h) => ({
      key: `${id}-hunk-${h + 1}`,
      header: hunk.header,
      caption: `${path}: ${range("old", hunk.oldStart, hunk.oldLines)}, ${range("new", hunk.newStart, hunk.newLines)}`,
      rows: hunk.lines.map((line, l) => rowView(line, `${id}-${h + 1}-${l + 1}`)),
    })),
  };
}

function range(which: "old" | "new", start: number, count: number): string {
  if (count === 0) return `no lines of the ${which} file`;
  return count === 1
    ? `line ${start} of the ${which} file`
    : `lines ${start}–${start + count - 1} of the ${which} file`;
}

function rowView(line: TPatchLine, key: string): PatchRowView {
  const base = {
    key,
    kind: line.kind,
    oldNumber: line.oldNumber === null ? "" : String(line.oldNumber),
    newNumber: line.newNumber === null ? "" : String(line.newNumber),
    text: line.text,
  };
  switch (line.kind) {
    case "add":
      return { ...base, marker: "+", srLabel: `Added line ${line.newNumber}:` };
    case "delete":
      return { ...base, marker: "−", srLabel: `Removed line ${line.oldNumber}:` };
    case "no-newline":
      return { ...base, marker: "", srLabel: "Note:" };
    default:
      return { ...base, marker: "", srLabel: "" };
  }
}
