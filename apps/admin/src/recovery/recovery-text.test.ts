import { describe, expect, it } from "vitest";
import { approvalsText, checkReason, endText, formatWhen, type TMyRecoveryView } from "./recovery-text";

const at = new Date("2026-11-30T20:40:00Z");
const pending: TMyRecoveryView = {
  id: "r1",
  state: "pending",
  reason: "Lost my phone",
  requestedAt: at,
  expiresAt: new Date("2026-12-03T20:40:00Z"),
  approvedAt: null,
  completedAt: null,
  cancelledAt: null,
  cancelledByName: null,
  approvals: [],
  missing: ["ADMIN", "PST_MEMBER"],
};

describe("recovery texts", () => {
  it("writes times in their UTC form", () => {
    expect(formatWhen(at)).toBe("2026-11-30 20:40 UTC");
    expect(formatWhen(new Date("2027-01-02T03:04:00Z"))).toBe("2027-01-02 03:04 UTC");
  });

  it("says who approved, when, and what is still awaited", () => {
    expect(approvalsText(pending)).toBe("Waiting for an admin; waiting for a PST member.");
    expect(
      approvalsText({
        ...pending,
        approvals: [{ approverName: "Ada Admin", capacity: "ADMIN", approvedAt: at }],
        missing: ["PST_MEMBER"],
      }),
    ).toBe("Approved by an admin, Ada Admin, 2026-11-30 20:40 UTC; waiting for a PST member.");
    expect(approvalsText({ ...pending, state: "expired" })).toBe("No approvals.");
  });

  it("says how a request ended", () => {
    expect(endText({ ...pending, state: "expired" })).toBe("Expired 2026-12-03 20:40 UTC.");
    expect(endText({ ...pending, state: "cancelled", cancelledAt: at, cancelledByName: "Ada" })).toBe(
      "Cancelled 2026-11-30 20:40 UTC by Ada.",
    );
  });

  it("checks the reason as the server does", () => {
    expect(checkReason("  ")).toMatch(/Say what happened/);
    expect(checkReason("x".repeat(1001))).toMatch(/1000/);
    expect(checkReason("Lost my phone")).toBeNull();
  });
});
