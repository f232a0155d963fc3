import { describe, expect, it } from "vitest";
import {
  COPY_MARK_PATTERN,
  checkDistributorNotice,
  distributorRemindersDue,
  earlyDisclosureBlocker,
  embargoCalendar,
  findCopyMark,
  markCodeFor,
  markedFileName,
  markPatch,
} from "./disclosure";

const NOW = new Date("2026-12-01T12:00:00Z");
const days = (n: number) => new Date(NOW.getTime() + n * 24 * 3600 * 1000);

describe("checkDistributorNotice", () => {
  it("accepts 7 to 14 days without a reason", () => {
    expect(checkDistributorNotice(days(7), { now: NOW, reason: null })).toEqual({
      ok: true,
      warnings: [],
      needsReason: false,
    });
    expect(checkDistributorNotice(days(14), { now: NOW, reason: null }).ok).toBe(true);
  });
  it("asks a reason under 7 days and over 14", () => {
    const short = checkDistributorNotice(days(3), { now: NOW, reason: null });
    expect(short.ok).toBe(false);
    if (!short.ok) expect(short.problems[0]).toMatch(/less than 7 days/);
    const long = checkDistributorNotice(days(20), { now: NOW, reason: "  " });
    expect(long.ok).toBe(false);
    const withReason = checkDistributorNotice(days(3), { now: NOW, reason: "Exploited in the wild" });
    expect(withReason).toMatchObject({ ok: true, needsReason: true });
    if (withReason.ok) expect(withReason.warnings).toHaveLength(1);
  });
  it("refuses a time in the past or now, whatever the reason", () => {
    expect(checkDistributorNotice(days(-1), { now: NOW, reason: "x" }).ok).toBe(false);
    expect(checkDistributorNotice(NOW, { now: NOW, reason: "x" }).ok).toBe(false);
  });
});

describe("marks", () => {
  it("makes 12 base32 characters from random bytes, deterministically", () => {
    const a = markCodeFor(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0]));
    expect(a).toBe("AAAAAAAAAAAA");
    const b = markCodeFor(new Uint8Array([255, 255, 255, 255, 255, 255, 255, 255, 255, 255]));
    expect(b).toBe("777777777777");
    const c = markCodeFor(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    expect(c).toMatch(COPY_MARK_PATTERN);
    expect(() => markCodeFor(new Uint8Array(4))).toThrow();
  });
  it("puts the mark in the file name before the extension", () => {
    expect(markedFileName("0001-fix.patch", "ABCDEFGHIJK2")).toBe("0001-fix.ABCDEFGHIJK2.patch");
    expect(markedFileName("fix", "ABCDEFGHIJK2")).toBe("fix.ABCDEFGHIJK2");
    expect(findCopyMark("0001-fix.ABCDEFGHIJK2.patch")).toBe("ABCDEFGHIJK2");
    expect(findCopyMark("0001-fix.ABCDEFGHIJK2.patch.gpg")).toBe(null);
    expect(findCopyMark("0001-fix.patch")).toBe(null);
  });
  const SHA = "a".repeat(40);
  const SHA2 = "b".repeat(40);
  const patch = [
    `From ${SHA} Mon Sep 17 00:00:00 2001`,
    "From: A <a@example.org>",
    "Subject: [PATCH 1/2] Fix the parser",
    "",
    "Bounds check.",
    "",
    "Signed-off-by: A <a@example.org>",
    "---",
    " a.go | 2 +-",
    "",
    "diff --git a/a.go b/a.go",
    "--- a/a.go",
    "+++ b/a.go",
    "@@ -1,2 +1,2 @@",
    "---",
    "+x",
    "-- ",
    "2.40.0",
    "",
    `From ${SHA2} Mon Sep 17 00:00:00 2001`,
    "Subject: [PATCH 2/2] Test",
    "",
    "Adds a test.",
    "---",
    " b.go | 1 +",
    "",
  ].join("\n");
  it("adds a trailer to each commit message of a format-patch file, and only there", () => {
    const marked = markPatch(patch, "ABCDEFGHIJK2");
    const lines = marked.split("\n");
    expect(lines.filter((l) => l === "Disclose-Distributor-Mark: ABCDEFGHIJK2")).toHaveLength(2);
    // Beside the existing trailer, before the first "---".
    expect(lines.slice(6, 9)).toEqual([
      "Signed-off-by: A <a@example.org>",
      "Disclose-Distributor-Mark: ABCDEFGHIJK2",
      "---",
    ]);
    // A removed "--" line in the diff is left alone.
    expect(lines.filter((l) => l === "---")).toHaveLength(3);
    // A message without trailers gets its own paragraph.
    const second = lines.indexOf("Adds a test.");
    expect(lines.slice(second, second + 4)).toEqual([
      "Adds a test.",
      "",
      "Disclose-Distributor-Mark: ABCDEFGHIJK2",
      "---",
    ]);
    expect(findCopyMark(marked)).toBe("ABCDEFGHIJK2");
    expect(findCopyMark(patch)).toBe(null);
  });
  it("appends the mark to a file without a message separator", () => {
    expect(markPatch("diff --git a/x b/x\n+y", "ABCDEFGHIJK2")).toBe(
      "diff --git a/x b/x\n+y\nDisclose-Distributor-Mark: ABCDEFGHIJK2\n",
    );
    expect(markPatch("", "ABCDEFGHIJK2")).toBe("\nDisclose-Distributor-Mark: ABCDEFGHIJK2\n");
    expect(markPatch("a\r\nb\r\n", "ABCDEFGHIJK2")).toBe(
      "a\r\nb\r\nDisclose-Distributor-Mark: ABCDEFGHIJK2\r\n",
    );
  });
});

describe("earlyDisclosureBlocker", () => {
  const ready = {
    state: "fix-ready" as const,
    fixCommits: [{ sha: "a".repeat(40), authorId: "u1", lgtmBy: ["u2"] }],
    mitigationAvailable: false,
    remotelyExploitable: true,
    privilegeEscalation: false,
    isPublic: false,
  };
  it("lets a ready, serious, embargoed case through", () => {
    expect(earlyDisclosureBlocker(ready)).toBeNull();
    expect(earlyDisclosureBlocker({ ...ready, state: "distributors-notified" })).toBeNull();
  });
  it("says why otherwise", () => {
    expect(earlyDisclosureBlocker({ ...ready, state: "fix-in-progress" })).toMatch(/marked ready/);
    expect(earlyDisclosureBlocker({ ...ready, fixCommits: [] })).toMatch(/fix or a mitigation/);
    expect(earlyDisclosureBlocker({ ...ready, remotelyExploitable: false })).toMatch(/reserved/);
    expect(earlyDisclosureBlocker({ ...ready, isPublic: true })).toMatch(/already public/);
  });
});

describe("distributorRemindersDue", () => {
  const notifiedAt = new Date("2026-12-01T12:00:00Z");
  const disclosureAt = new Date("2026-12-10T15:00:00Z");
  const n = { notifiedAt, acknowledgedAt: null, remindedAt: null };
  it("reminds to acknowledge once, two days after the notice", () => {
    expect(distributorRemindersDue(n, { disclosureAt, now: days(1) })).toEqual([]);
    expect(distributorRemindersDue(n, { disclosureAt, now: new Date("2026-12-03T12:00:00Z") })).toEqual([
      "acknowledge",
    ]);
    expect(distributorRemindersDue({ ...n, remindedAt: days(2) }, { disclosureAt, now: days(3) })).toEqual(
      [],
    );
    expect(
      distributorRemindersDue({ ...n, acknowledgedAt: days(1) }, { disclosureAt, now: days(3) }),
    ).toEqual([]);
  });
  it("reminds everyone in the day before the end, and nothing after it", () => {
    const acked = { ...n, acknowledgedAt: days(1) };
    expect(distributorRemindersDue(acked, { disclosureAt, now: new Date("2026-12-09T14:00:00Z") })).toEqual(
      [],
    );
    expect(distributorRemindersDue(acked, { disclosureAt, now: new Date("2026-12-09T15:00:00Z") })).toEqual([
      "ending",
    ]);
    expect(distributorRemindersDue(n, { disclosureAt, now: disclosureAt })).toEqual([]);
    expect(distributorRemindersDue(n, { disclosureAt: null, now: days(3) })).toEqual([]);
  });
});

describe("embargoCalendar", () => {
  it("is an RFC 5545 event at the embargo end, with the case's short id and nothing else", () => {
    const ics = embargoCalendar({
      caseId: "3f2a9c1b-1111-2222-3333-444455556666",
      projectName: "Core;DNS, inc\nX",
      disclosureAt: new Date("2026-12-10T15:00:00Z"),
      now: NOW,
    });
    const lines = ics.split("\r\n");
    expect(lines[0]).toBe("BEGIN:VCALENDAR");
    expect(lines).toContain("DTSTART:20261210T150000Z");
    expect(lines).toContain("DTEND:20261210T153000Z");
    expect(lines).toContain("DTSTAMP:20261201T120000Z");
    expect(lines).toContain("UID:embargo-3f2a9c1b-1111-2222-3333-444455556666@disclose");
    expect(lines).toContain("SUMMARY:Embargo ends: Core\\;DNS\\, inc\\nX case 3f2a9c1b");
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
  });
});
