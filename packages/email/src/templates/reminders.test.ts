import { describe, expect, it } from "vitest";
import { renderEmail } from "./index";
import type { ReminderItem } from "./reminder-items";

const item = (overrides: Partial<ReminderItem> = {}): ReminderItem => ({
  caseShortId: "1a2b3c4d",
  caseUrl: "https://admin.example/reports/1a2b3c4d-0000-4000-8000-000000000000",
  caseState: "Fix in progress",
  label: "Fix Team formed",
  status: "due-soon",
  due: new Date("2026-12-02T12:00:00Z"),
  asap: false,
  ...overrides,
});
const preferencesUrl = "https://admin.example/people";

describe("the case reminder", () => {
  it("names the case, the milestone, its status and due time (UTC) and links the case", () => {
    const email = renderEmail("caseReminder", {
      kind: "reminder",
      urgent: false,
      items: [item()],
      preferencesUrl,
    });
    expect(email.subject).toBe("Case 1a2b3c4d: Fix Team formed, due soon: by 2026-12-02 12:00 UTC");
    expect(email.text).toContain("Case 1a2b3c4d (Fix in progress) needs attention:");
    expect(email.text).toContain("- Fix Team formed, due soon: by 2026-12-02 12:00 UTC");
    expect(email.text).toContain(item().caseUrl);
    expect(email.text).toContain(preferencesUrl);
    expect(email.html).toContain(`href="${item().caseUrl}"`);
  });

  it("counts several items, and is URGENT for a public disclosure", () => {
    const email = renderEmail("caseReminder", {
      kind: "reminder",
      urgent: true,
      items: [item({ status: "overdue", asap: true }), item({ label: "CVSS scored", asap: true })],
      preferencesUrl,
    });
    expect(email.subject).toBe("URGENT: Case 1a2b3c4d: 1 overdue, 1 due soon");
    expect(email.text).toContain("as soon as possible (the issue is public)");
  });

  it("says Report for the acknowledgement, and an overdue one since when", () => {
    const email = renderEmail("caseReminder", {
      kind: "acknowledgement",
      urgent: false,
      items: [item({ label: "Acknowledge the report", status: "overdue", caseState: "Received" })],
      preferencesUrl,
    });
    expect(email.subject).toBe("Report 1a2b3c4d: Acknowledge the report, overdue since 2026-12-02 12:00 UTC");
  });

  it("escapes what it shows and neutralises a hostile link", () => {
    const email = renderEmail("caseReminder", {
      kind: "reminder",
      urgent: false,
      items: [item({ label: "<script>x</script>", caseUrl: "javascript:alert(1)" })],
      preferencesUrl,
    });
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain('href="#"');
  });

  it("refuses an empty reminder", () => {
    expect(() =>
      renderEmail("caseReminder", { kind: "reminder", urgent: false, items: [], preferencesUrl }),
    ).toThrow(RangeError);
  });
});

describe("the daily digest", () => {
  it("lists each item with its case, state and link, and counts what is overdue", () => {
    const email = renderEmail("dailyDigest", {
      day: new Date("2026-12-02T00:00:00Z"),
      items: [item({ status: "overdue" }), item({ caseShortId: "9f8e7d6c", label: "CVSS scored" })],
      preferencesUrl,
    });
    expect(email.subject).toBe("Disclose daily digest for 2026-12-02: 2 items due (1 overdue)");
    expect(email.text).toContain(
      `- Case 1a2b3c4d (Fix in progress): Fix Team formed, overdue since 2026-12-02 12:00 UTC ${item().caseUrl}`,
    );
    expect(email.text).toContain("- Case 9f8e7d6c (Fix in progress): CVSS scored, due soon");
    expect(email.html).toContain("<code>9f8e7d6c</code>");
  });
});
