import { describe, expect, it } from "vitest";
import { REPORT_LIMITS as L } from "./limits";
import { ZAttachmentMeta, ZReportContent } from "./report-content";

const DEFAULT_WORDING = /expected|<=|>=|Too big:|Too small:|Invalid input|Invalid option/i;
const MB = 1024 * 1024;

const valid = {
  title: "Crash",
  component: "resolver",
  affectedVersions: "1.x",
  description: "d",
  stepsToReproduce: "s",
  impact: "i",
  alreadyPublic: false,
  credit: { mode: "anonymous" },
  attachments: [],
};
const file = (size: number, name = "poc.py", type = "text/x-python") => ({ name, type, size });

// Everything a reporter can get wrong, on both paths (the browser and the server parse the same schema).
const TABLE: [string, unknown, RegExp?][] = [
  ["a file over the limit", { ...valid, attachments: [file(L.attachmentsMaxTotalBytes + 1)] }, /25 MB/],
  ["files over the limit together", { ...valid, attachments: [file(20 * MB), file(6 * MB)] }, /25 MB/],
  ["too many files", { ...valid, attachments: Array.from({ length: 11 }, () => file(1)) }, /10 files/],
  ["a nameless file", { ...valid, attachments: [file(1, "")] }, /file name/],
  ["a long file name", { ...valid, attachments: [file(1, "a".repeat(300))] }, /255 characters/],
  ["a long file type", { ...valid, attachments: [file(1, "a", "t".repeat(300))] }, /type/],
  ["a fractional size", { ...valid, attachments: [file(1.5)] }, /size/],
  ["a negative size", { ...valid, attachments: [file(-1)] }, /size/],
  ["a missing title", { ...valid, title: "" }, /Title is required/],
  ["a long title", { ...valid, title: "x".repeat(201) }, /200 characters/],
  ["no title at all", { ...valid, title: undefined }, /required/],
  [
    "a long public link",
    { ...valid, alreadyPublic: true, publicUrl: `https://e.org/${"a".repeat(2000)}` },
    /2,000/,
  ],
  ["a bad public link", { ...valid, alreadyPublic: true, publicUrl: "ftp://e.org" }, /http/],
  ["a bad CVSS vector", { ...valid, cvssVector: "CVSS:3.1/AV:Q" }, /AV/],
  ["an unknown credit mode", { ...valid, credit: { mode: "famous" } }, /named, anonymous/],
  ["a named credit without a name", { ...valid, credit: { mode: "named", name: "" } }, /name to credit/],
  ["attachments that are not a list", { ...valid, attachments: "x" }],
];

describe("what a reporter reads when the report is refused", () => {
  it.each(TABLE)("%s", (_name, value, says) => {
    const result = ZReportContent.safeParse(value);
    expect(result.success).toBe(false);
    for (const issue of result.error?.issues ?? []) expect(issue.message).not.toMatch(DEFAULT_WORDING);
    if (says) expect(result.error?.issues.map((i) => i.message).join(" ")).toMatch(says);
  });

  it("says the attachment limit in words, never as a number of bytes", () => {
    const result = ZAttachmentMeta.safeParse(file(26 * MB));
    expect(result.error?.issues[0]?.message).toBe(
      "A file is at most 25 MB, and all attachments together too. Leave out or shrink the largest.",
    );
  });
});
