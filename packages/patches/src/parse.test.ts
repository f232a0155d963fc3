import { describe, expect, it } from "vitest";
import { parseFormatPatch } from "./parse";
import type { TPatchErrorCode } from "./types";

const SHA = "3f786850e387550fdab836ed7e6dc881de23001b";
const SHA2 = "89e6c98d92887913cadf06b2adb97f26cde4849b";

function message(
  options: { sha?: string; subject?: string; from?: string; body?: string; diff?: string } = {},
) {
  return [
    `From ${options.sha ?? SHA} Mon Sep 17 00:00:00 2001`,
    `From: ${options.from ?? "Ada Lovelace <ada@example.test>"}`,
    "Date: Mon, 30 Nov 2026 14:05:00 +0100",
    `Subject: ${options.subject ?? "[PATCH] Bound the header length"}`,
    "",
    options.body ?? "The parser trusted the length field.",
    "---",
    " src/parse.c | 3 ++-",
    " 1 file changed, 2 insertions(+), 1 deletion(-)",
    "",
    options.diff ?? DIFF,
    "-- ",
    "2.39.5",
    "",
  ].join("\n");
}

const DIFF = [
  "diff --git a/src/parse.c b/src/parse.c",
  "index 1111111..2222222 100644",
  "--- a/src/parse.c",
  "+++ b/src/parse.c",
  "@@ -10,4 +10,5 @@ int parse(const char *in)",
  " {",
  "-  len = hdr->len;",
  "+  if (hdr->len > MAX) return -1;",
  "+  len = hdr->len;",
  " ",
  "   return len;",
].join("\n");

describe("parseFormatPatch", () => {
  it("reads one patch: hash, author, date, subject without [PATCH], body and numbered hunks", () => {
    const result = parseFormatPatch(message());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [patch] = result.patches;
    expect(patch).toMatchObject({
      commit: SHA,
      author: { name: "Ada Lovelace", email: "ada@example.test" },
      date: "2026-11-30T13:05:00.000Z",
      subject: "Bound the header length",
      series: null,
      body: "The parser trusted the length field.",
    });
    const [file] = patch!.files;
    expect(file).toMatchObject({
      oldPath: "src/parse.c",
      newPath: "src/parse.c",
      status: "modified",
      binary: false,
      additions: 2,
      deletions: 1,
    });
    const [hunk] = file!.hunks;
    expect(hunk!.section).toBe("int parse(const char *in)");
    expect(hunk!.lines.map((l) => [l.kind, l.oldNumber, l.newNumber])).toEqual([
      ["context", 10, 10],
      ["delete", 11, null],
      ["add", null, 11],
      ["add", null, 12],
      ["context", 12, 13],
      ["context", 13, 14],
    ]);
  });

  it("keeps a removed '- ' line (written '-- ') apart from git's signature", () => {
    const diff = [
      "diff --git a/list.md b/list.md",
      "index 1111111..2222222 100644",
      "--- a/list.md",
      "+++ b/list.md",
      "@@ -1,2 +1 @@",
      " items",
      "-- ",
    ].join("\n");
    const result = parseFormatPatch(message({ diff }));
    expect(result.ok && result.patches[0]!.files[0]!.hunks[0]!.lines.at(-1)).toEqual({
      kind: "delete",
      text: "- ",
      oldNumber: 2,
      newNumber: null,
    });
  });

  it("reads a series in mbox form, with each patch's place in it", () => {
    const text =
      message({ subject: "[PATCH 1/2] First" }) + message({ sha: SHA2, subject: "[PATCH v2 2/2] Second" });
    const result = parseFormatPatch(new TextEncoder().encode(text));
    expect(result.ok && result.patches.map((p) => [p.commit, p.subject, p.series])).toEqual([
      [SHA, "First", { number: 1, total: 2 }],
      [SHA2, "Second", { number: 2, total: 2 }],
    ]);
  });

  it("decodes RFC 2047 names and folded subjects, quoted names and in-body From headers", () => {
    const folded = parseFormatPatch(
      message({
        from: '"Lovelace, Ada" <ada@example.test>',
        subject: "[PATCH] =?UTF-8?q?Fix=20=C3=BCn=C3=AFcode?=\n =?UTF-8?q?=20overflow?=",
      }),
    );
    expect(folded.ok && folded.patches[0]).toMatchObject({
      author: { name: "Lovelace, Ada" },
      subject: "Fix ünïcode overflow",
    });
    const inBody = parseFormatPatch(
      message({ body: "From: =?UTF-8?q?J=C3=BCrgen?= <j@example.test>\n\nReal message." }),
    );
    expect(inBody.ok && inBody.patches[0]).toMatchObject({
      author: { name: "Jürgen", email: "j@example.test" },
      body: "Real message.",
    });
  });

  it("marks added, deleted, renamed and binary files", () => {
    const diff = [
      "diff --git a/new.txt b/new.txt",
      "new file mode 100644",
      "index 0000000..1111111",
      "--- /dev/null",
      "+++ b/new.txt",
      "@@ -0,0 +1 @@",
      "+hello",
      "\\ No newline at end of file",
      "diff --git a/gone.txt b/gone.txt",
      "deleted file mode 100644",
      "index 1111111..0000000",
      "--- a/gone.txt",
      "+++ /dev/null",
      "@@ -1 +0,0 @@",
      "-bye",
      "diff --git a/old name.c b/new name.c",
      "similarity index 100%",
      "rename from old name.c",
      "rename to new name.c",
      "diff --git a/logo.png b/logo.png",
      "index 1111111..2222222 100644",
      "GIT binary patch",
      "literal 5",
      "McmZQzWMXCj00N%@",
      "",
      "literal 3",
      "KcmZQzWMT{e",
      "",
    ].join("\n");
    const result = parseFormatPatch(message({ diff }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(
      result.patches[0]!.files.map((f) => [
        f.status,
        f.oldPath,
        f.newPath,
        f.binary,
        f.additions,
        f.deletions,
      ]),
    ).toEqual([
      ["added", null, "new.txt", false, 1, 0],
      ["deleted", "gone.txt", null, false, 0, 1],
      ["renamed", "old name.c", "new name.c", false, 0, 0],
      ["modified", "logo.png", "logo.png", true, 0, 0],
    ]);
    expect(result.patches[0]!.files[0]!.hunks[0]!.lines.at(-1)?.kind).toBe("no-newline");
  });

  it("accepts a file whose every line ends in CRLF", () => {
    const result = parseFormatPatch(message().replaceAll("\n", "\r\n"));
    expect(result.ok && result.patches[0]!.files[0]!.additions).toBe(2);
  });

  const cutHunk = message().replace("   return len;\n", "");
  const hostile: [string, string | Uint8Array, TPatchErrorCode, RegExp][] = [
    ["an empty file", "", "empty", /empty/],
    ["blank space", "\n\n  \n", "empty", /blank/],
    ["a plain git diff", DIFF, "not-format-patch", /git format-patch/],
    [
      "a PGP message",
      "-----BEGIN PGP MESSAGE-----\n\nwcBMA\n-----END PGP MESSAGE-----\n",
      "not-format-patch",
      /From/,
    ],
    ["a NUL byte", message().replace("The parser", "The\0parser"), "nul-byte", /NUL/],
    ["a NUL byte in bytes", new Uint8Array([0x46, 0x72, 0x6f, 0x6d, 0x20, 0]), "nul-byte", /NUL/],
    ["a cut-short hunk", cutHunk, "truncated-hunk", /src\/parse\.c.*cut short/],
    [
      "a file cut inside a hunk",
      message().slice(0, message().indexOf("+  len")),
      "truncated-hunk",
      /cut short/,
    ],
    [
      "a hunk with more lines than it says",
      message({ diff: DIFF.replace("@@ -10,4 +10,5 @@", "@@ -10,3 +10,4 @@") }),
      "truncated-hunk",
      /more lines than it says/,
    ],
    [
      "a bad hunk header",
      message({ diff: DIFF.replace("@@ -10,4 +10,5 @@", "@@ -x +y @@") }),
      "bad-hunk",
      /hunk header/,
    ],
    ["no diff", message({ diff: "" }).replace(/\n-- \n2\.39\.5\n/, "\n"), "no-diff", /no diff/],
    [
      "headers that never end",
      `From ${SHA} Mon Sep 17 00:00:00 2001\nFrom: a <a@b>`,
      "bad-header",
      /headers/,
    ],
    ["no author", message().replace(/^From: .*\n/m, ""), "bad-header", /author/],
    ["an unreadable date", message().replace(/^Date: .*$/m, "Date: yesterday-ish"), "bad-header", /date/],
    ["no subject", message().replace(/^Subject: .*\n/m, ""), "bad-header", /subject/],
    [
      "an attachment (--attach)",
      message().replace("Date:", 'Content-Type: multipart/mixed; boundary="x"\nDate:'),
      "unsupported-encoding",
      /--attach/,
    ],
    [
      "quoted-printable",
      message().replace("Date:", "Content-Transfer-Encoding: quoted-printable\nDate:"),
      "unsupported-encoding",
      /quoted-printable/,
    ],
    [
      "a missing +++ header",
      message({ diff: DIFF.replace("+++ b/src/parse.c\n", "") }),
      "bad-diff",
      /src\/parse\.c.*malformed/,
    ],
  ];
  it.each(hostile)("refuses %s with a clear message", (_name, input, code, pattern) => {
    const result = parseFormatPatch(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.message).toMatch(pattern);
  });

  it("refuses files over the size, patch-count and file-count limits", () => {
    const big = parseFormatPatch(message(), { maxBytes: 100 });
    expect(!big.ok && big.error).toMatchObject({ code: "too-large", message: expect.stringMatching(/MB/) });
    const many = parseFormatPatch(message() + message({ sha: SHA2 }), { maxPatches: 1 });
    expect(!many.ok && many.error.code).toBe("too-many-patches");
    const files = parseFormatPatch(message() + message({ sha: SHA2 }), { maxFiles: 1 });
    expect(!files.ok && files.error).toMatchObject({ code: "too-many-files", patch: 2 });
  });

  it("refuses 10 MB and one byte without reading it", () => {
    const started = performance.now();
    const result = parseFormatPatch(new Uint8Array(10 * 1024 * 1024 + 1).fill(0x61));
    expect(!result.ok && result.error.code).toBe("too-large");
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("never throws on garbage, cut-offs or random bytes", () => {
    const whole = message() + message({ sha: SHA2 });
    for (let end = 0; end < whole.length; end += 7) {
      expect(() => parseFormatPatch(whole.slice(0, end))).not.toThrow();
    }
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    for (let n = 0; n < 200; n++) {
      const bytes = new TextEncoder().encode(whole);
      for (let k = 0; k < 5; k++) bytes[random() % bytes.length] = random() % 256;
      const result = parseFormatPatch(bytes);
      expect(typeof result.ok).toBe("boolean");
    }
  });
});
