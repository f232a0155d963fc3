import { describe, expect, it } from "vitest";
import { renderEmail } from "./index";

const HASH = "0f".repeat(32);
const preferencesUrl = "https://admin.example/people#reminders";

describe("the PST's daily digest carries the audit head", () => {
  it("on a day with nothing due", () => {
    const email = renderEmail("dailyDigest", {
      day: new Date("2026-12-02T00:00:00Z"),
      items: [],
      preferencesUrl,
      auditHead: { seq: 42n, hash: HASH },
    });
    expect(email.subject).toBe("Disclose daily digest for 2026-12-02: nothing due");
    expect(email.text).toContain("Nothing is due on your cases today (2026-12-02).");
    const line = `Audit log head: #42 ${HASH} — keep this email; \`pnpm audit:verify --head 42:${HASH}\` later proves the log was not rewritten.`;
    expect(email.text).toContain(line);
    expect(email.html).toContain(`#42 ${HASH}`);
    expect(email.html).toContain(`--head 42:${HASH}`);
  });

  it("says so when the log is empty, and says nothing of it outside the PST", () => {
    const base = { day: new Date("2026-12-02T00:00:00Z"), items: [], preferencesUrl };
    expect(renderEmail("dailyDigest", { ...base, auditHead: null }).text).toContain(
      "Audit log head: the log is still empty.",
    );
    expect(renderEmail("dailyDigest", base).text).not.toContain("Audit log head");
  });
});

describe("the broken chain alert", () => {
  it("names the event, the reason, the time and what to do, escaping the reason", () => {
    const email = renderEmail("auditChainBroken", {
      checkedAt: new Date("2026-12-02T10:11:12Z"),
      failedSeq: 7n,
      reason: "hash does not match <the event's> content",
      trigger: "scheduled",
      auditUrl: "https://admin.example/audit",
    });
    expect(email.subject).toBe("[Disclose] The audit log failed verification");
    expect(email.text).toContain("failed verification at 2026-12-02 10:11 UTC (the hourly check)");
    expect(email.text).toContain("First event that does not verify: #7");
    expect(email.text).toContain("Reason: hash does not match <the event's> content");
    expect(email.text).toContain("pnpm audit:verify --head");
    expect(email.text).toContain("https://admin.example/audit");
    expect(email.html).toContain("&lt;the event&#39;s&gt;");
    expect(email.html).not.toContain("<the event");
  });
});
