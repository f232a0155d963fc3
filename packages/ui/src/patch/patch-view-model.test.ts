import { parseFormatPatch, type TPatch } from "@disclose/patches";
import { describe, expect, it } from "vitest";
import { patchView } from "./patch-view-model";

const SHA = "3f786850e387550fdab836ed7e6dc881de23001b";
const LONG = `  const message = "${"x".repeat(400)}";`;
const TEXT = [
  `From ${SHA} Mon Sep 17 00:00:00 2001`,
  "From: =?UTF-8?q?J=C3=BCrgen?= <j@example.test>",
  "Date: Mon, 30 Nov 2026 14:05:00 +0100",
  "Subject: [PATCH 2/3] Bound the header length",
  "",
  "The parser trusted the length field.",
  "---",
  "",
  "diff --git a/src/parse.c b/src/parse.c",
  "index 1111111..2222222 100644",
  "--- a/src/parse.c",
  "+++ b/src/parse.c",
  "@@ -10,3 +10,4 @@ int parse(const char *in)",
  " {",
  "-  len = hdr->len;",
  "+  if (hdr->len > MAX) return -1;",
  `+${LONG}`,
  " }",
  "diff --git a/old.c b/new.c",
  "similarity index 100%",
  "rename from old.c",
  "rename to new.c",
  "diff --git a/logo.png b/logo.png",
  "new file mode 100644",
  "index 0000000..2222222",
  "Binary files /dev/null and b/logo.png differ",
  "diff --git a/run.sh b/run.sh",
  "old mode 100644",
  "new mode 100755",
  "-- ",
  "2.39.5",
  "",
].join("\n");

function parsed(): TPatch {
  const result = parseFormatPatch(TEXT);
  if (!result.ok) throw new Error(result.error.message);
  return result.patches[0]!;
}

describe("patchView", () => {
  const view = patchView(parsed(), "patch-2");

  it("gives the commit header: subject, place in the series, author, UTC date, hash", () => {
    expect(view).toMatchObject({
      subject: "Bound the header length",
      seriesLabel: "Patch 2 of 3",
      author: "Jürgen <j@example.test>",
      dateTime: "2026-11-30T13:05:00.000Z",
      dateUtc: "2026-11-30 13:05 UTC",
      commit: SHA,
      shortCommit: SHA.slice(0, 12),
      body: "The parser trusted the length field.",
      totals: {
        files: 4,
        additions: 2,
        deletions: 1,
        label: "4 files changed, 2 lines added, 1 line removed",
      },
    });
  });

  it("names each file once with unique anchors, badges and counts for eyes and for screen readers", () => {
    expect(view.files.map((f) => [f.id, f.path, f.badges, f.counts, f.countsLabel])).toEqual([
      ["patch-2-file-1", "src/parse.c", [], "+2 −1", "2 lines added, 1 line removed"],
      ["patch-2-file-2", "old.c → new.c", ["renamed"], "+0 −0", "0 lines added, 0 lines removed"],
      ["patch-2-file-3", "logo.png", ["added", "binary"], "+0 −0", "0 lines added, 0 lines removed"],
      ["patch-2-file-4", "run.sh", ["mode 100644 → 100755"], "+0 −0", "0 lines added, 0 lines removed"],
    ]);
    expect(view.files.map((f) => f.note)).toEqual([
      null,
      "Renamed without changes to its content.",
      "Binary file: its content is not shown. Download the patch to see it.",
      "Only the file's mode changes.",
    ]);
  });

  it("marks every changed line by a gutter sign and screen-reader text, not by colour alone", () => {
    const [hunk] = view.files[0]!.hunks;
    expect(hunk!.caption).toBe("src/parse.c: lines 10–12 of the old file, lines 10–13 of the new file");
    expect(hunk!.rows.map((r) => [r.oldNumber, r.newNumber, r.marker, r.srLabel])).toEqual([
      ["10", "10", "", ""],
      ["11", "", "−", "Removed line 11:"],
      ["", "11", "+", "Added line 11:"],
      ["", "12", "+", "Added line 12:"],
      ["12", "13", "", ""],
    ]);
    // Long lines are kept whole: the component scrolls (or wraps) them.
    expect(hunk!.rows[3]!.text).toBe(LONG);
    expect(new Set(hunk!.rows.map((r) => r.key)).size).toBe(hunk!.rows.length);
  });

  it("shows a lone patch without a series label and an author without a name by address", () => {
    const lone = patchView({ ...parsed(), series: null, author: { name: "", email: "a@example.test" } });
    expect(lone.seriesLabel).toBeNull();
    expect(lone.author).toBe("a@example.test");
    expect(lone.files[0]!.id).toBe("patch-file-1");
  });
});
