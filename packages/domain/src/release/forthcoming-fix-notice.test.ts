import "../validation/zod-messages";
import { describe, expect, it } from "vitest";
import { CASE_STATES, type CaseState } from "../cases/states";
import {
  type ForthcomingFixNoticeContext,
  forthcomingFixNotice,
  forthcomingFixNoticeRefusal,
  type TForthcomingFixNoticeInput,
} from "./forthcoming-fix-notice";

const NOW = new Date("2026-11-30T10:00:00Z");
const input = (overrides: Partial<TForthcomingFixNoticeInput> = {}): TForthcomingFixNoticeInput => ({
  projectName: "CoreDNS",
  component: "forward plugin",
  affectedVersions: [">= 1.10.0, < 1.11.2"],
  cvssScore: 7.5,
  mitigationSteps: ["Disable the forward plugin's `health_check` until you upgrade."],
  expectedReleaseAt: new Date("2026-12-03T15:00:00Z"),
  ...overrides,
});
const ctx = (overrides: Partial<ForthcomingFixNoticeContext> = {}): ForthcomingFixNoticeContext => ({
  state: "fix-ready",
  fixDeveloped: true,
  mitigationAvailable: false,
  now: NOW,
  ...overrides,
});

describe("the forthcoming-fix notice", () => {
  it("says what is affected, how severe, what to do and when (UTC)", () => {
    const result = forthcomingFixNotice(input(), ctx());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.title).toBe("Security fix for CoreDNS forward plugin expected 2026-12-03 15:00 UTC");
    expect(result.body).toContain("**Affected:** `forward plugin`, versions `>= 1.10.0, < 1.11.2`");
    expect(result.body).toContain("**Severity:** High (CVSS 7.5)");
    expect(result.body).toContain("**Expected release:** 2026-12-03 15:00 UTC");
    expect(result.body).toContain("- Disable the forward plugin's `health_check` until you upgrade.");
    expect(result.body).toContain("Block time around 2026-12-03 15:00 UTC");
  });
  it.each([
    [null, "**Severity:** not rated yet"],
    [0, "**Severity:** None (CVSS 0.0)"],
    [3.9, "**Severity:** Low (CVSS 3.9)"],
    [4, "**Severity:** Medium (CVSS 4.0)"],
    [9.8, "**Severity:** Critical (CVSS 9.8)"],
  ])("severity from score %s", (score, text) => {
    const result = forthcomingFixNotice(input({ cvssScore: score }), ctx());
    expect(result.ok && result.body).toContain(text);
  });
  it("several versions and multi-line steps stay readable Markdown", () => {
    const result = forthcomingFixNotice(
      input({
        affectedVersions: ["1.10.x", "1.11.0 – 1.11.1"],
        mitigationSteps: ["Step one\nmore", "Step two"],
      }),
      ctx(),
    );
    expect(result.ok && result.body).toContain("versions `1.10.x`, `1.11.0 – 1.11.1`");
    expect(result.ok && result.body).toContain("- Step one\n  more\n- Step two");
  });
  it("with the fix ready and no mitigation, it says so", () => {
    const result = forthcomingFixNotice(input({ mitigationSteps: [] }), ctx());
    expect(result.ok && result.body).toContain("No mitigation is needed before the release");
  });
  it("contains nothing but what the inputs give (no case ids, no CVE, no report text)", () => {
    const result = forthcomingFixNotice(input(), ctx());
    if (!result.ok) throw new Error(result.reason);
    const text = `${result.title}\n${result.body}`;
    expect(text).not.toMatch(/CVE-\d/);
    expect(text).not.toMatch(/case-|[0-9a-f]{8}-[0-9a-f]{4}/);
    // Every line is either template prose or built from the inputs.
    for (const value of [...input().affectedVersions, input().component, ...input().mitigationSteps]) {
      expect(text).toContain(value);
    }
  });
});

describe("only once a fix or a mitigation exists", () => {
  it.each([
    [{ fixDeveloped: false, mitigationAvailable: false }, "needs a fix"],
    [{ state: "accepted" as CaseState }, "once fix development has started"],
    [{ state: "triage" as CaseState }, "once fix development has started"],
    [{ state: "released" as CaseState }, "publish the advisory instead"],
    [{ state: "closed" as CaseState }, "publish the advisory instead"],
  ])("%j is refused", (overrides, reason) => {
    const result = forthcomingFixNotice(input(), ctx(overrides));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });
  it("a mitigation alone allows it, with the steps", () => {
    expect(
      forthcomingFixNotice(
        input(),
        ctx({ state: "fix-in-progress", fixDeveloped: false, mitigationAvailable: true }),
      ).ok,
    ).toBe(true);
    const noSteps = forthcomingFixNotice(
      input({ mitigationSteps: [] }),
      ctx({ state: "fix-in-progress", fixDeveloped: false, mitigationAvailable: true }),
    );
    expect(noSteps).toEqual({
      ok: false,
      reason: "Until the fix exists, the notice must give users the mitigation steps.",
    });
  });
  it("the guard answers for every state", () => {
    const allowed = CASE_STATES.filter((state) => forthcomingFixNoticeRefusal(ctx({ state })) === null);
    expect(allowed).toEqual(["fix-in-progress", "fix-ready", "distributors-notified"]);
  });
  it("a past release date is refused", () => {
    const result = forthcomingFixNotice(input({ expectedReleaseAt: NOW }), ctx());
    expect(result).toEqual({
      ok: false,
      reason: "The expected release date has passed; set a new one first.",
    });
  });
});

describe("hostile or sloppy inputs are refused", () => {
  it.each([
    ["empty component", { component: " " }, "Enter the affected component."],
    [
      "backtick in component",
      { component: "x` **bold**" },
      "Remove the backticks from the affected component.",
    ],
    [
      "newline in project",
      { projectName: "Core\nDNS" },
      "Remove the control characters from the project's name.",
    ],
    [
      "bidi in version",
      { affectedVersions: ["1.0\u202e"] },
      "Remove the control characters from an affected version range.",
    ],
    ["no versions", { affectedVersions: [] }, "List the affected versions."],
    [
      "too many versions",
      { affectedVersions: Array(21).fill("1.0.0") },
      "List at most 20 affected version ranges.",
    ],
    [
      "escape in a step",
      { mitigationSteps: ["ok\u001b[2J"] },
      "Remove the control characters from the mitigation steps.",
    ],
    ["empty step", { mitigationSteps: ["  "] }, "A mitigation step cannot be empty."],
    ["score out of range", { cvssScore: 11 }, "no greater than 10"],
    ["overlong component", { component: "x".repeat(201) }, "at most 200 characters"],
  ])("%s", (_name, overrides, reason) => {
    const result = forthcomingFixNotice(input(overrides as Partial<TForthcomingFixNoticeInput>), ctx());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });
});
