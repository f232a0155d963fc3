import { describe, expect, it } from "vitest";
import { HOUR_MS } from "../time/utc";
import {
  approvalCapacity,
  isApprovalComplete,
  isRecoveryOpen,
  mayEnrolAfterRecovery,
  missingCapacities,
  RECOVERY_ENROL_TTL_MS,
  RECOVERY_REQUEST_TTL_MS,
  type RecoveryApprovalRef,
  type RecoveryState,
  recoveryEnrolmentExpiry,
  recoveryRequestExpiry,
  recoveryState,
} from "./account-recovery";

const now = new Date("2026-11-30T20:00:00.000Z");
const later = (ms: number) => new Date(now.getTime() + ms);
const open = { expiresAt: later(HOUR_MS), approvedAt: null, completedAt: null, cancelledAt: null };

describe("recovery windows", () => {
  it("gives a request 72 hours and an approved recovery 24 hours to enrol", () => {
    expect(RECOVERY_REQUEST_TTL_MS).toBe(72 * HOUR_MS);
    expect(RECOVERY_ENROL_TTL_MS).toBe(24 * HOUR_MS);
    expect(recoveryRequestExpiry(now).toISOString()).toBe("2026-12-03T20:00:00.000Z");
    expect(recoveryEnrolmentExpiry(now).toISOString()).toBe("2026-12-01T20:00:00.000Z");
  });
});

describe("recoveryState", () => {
  it.each<[string, Parameters<typeof recoveryState>[0], Date, RecoveryState]>([
    ["pending before expiry", open, now, "pending"],
    ["expired at the expiry instant", open, later(HOUR_MS), "expired"],
    ["approved", { ...open, approvedAt: now }, now, "approved"],
    ["approved but not enrolled in time", { ...open, approvedAt: now }, later(2 * HOUR_MS), "expired"],
    [
      "completed, even after expiry",
      { ...open, approvedAt: now, completedAt: now },
      later(HOUR_MS * 99),
      "completed",
    ],
    ["cancelled, even after expiry", { ...open, cancelledAt: now }, later(HOUR_MS * 99), "cancelled"],
  ])("%s", (_label, row, at, state) => {
    expect(recoveryState(row, at)).toBe(state);
    expect(isRecoveryOpen(state)).toBe(state === "pending" || state === "approved");
  });
});

describe("approvalCapacity", () => {
  const base = {
    requesterId: "member",
    approverId: "ada",
    approverRoles: ["ADMIN"] as string[],
    approvals: [] as RecoveryApprovalRef[],
    state: "pending" as RecoveryState,
  };

  it("gives an admin the admin capacity and a PST member the PST capacity", () => {
    expect(approvalCapacity(base)).toEqual({ ok: true, capacity: "ADMIN" });
    expect(approvalCapacity({ ...base, approverRoles: ["PST_MEMBER"] })).toEqual({
      ok: true,
      capacity: "PST_MEMBER",
    });
  });

  it("refuses the person themselves, whatever their roles", () => {
    const answer = approvalCapacity({
      ...base,
      approverId: "member",
      approverRoles: ["ADMIN", "PST_MEMBER"],
    });
    expect(answer).toMatchObject({ ok: false, reason: expect.stringMatching(/own recovery/) });
  });

  it.each([[[]], [["DISTRIBUTOR_MEMBER"]], [["admin", "pst"]]])(
    "refuses an account with roles %j (engineers, distributor members)",
    (roles) => {
      expect(approvalCapacity({ ...base, approverRoles: roles })).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/Only an admin or a PST member/),
      });
    },
  );

  it("refuses a second approval by the same person", () => {
    const answer = approvalCapacity({ ...base, approvals: [{ approverId: "ada", capacity: "ADMIN" }] });
    expect(answer).toMatchObject({ ok: false, reason: expect.stringMatching(/already/) });
  });

  it("refuses when the capacity the approver can fill is taken", () => {
    const answer = approvalCapacity({ ...base, approvals: [{ approverId: "bob", capacity: "ADMIN" }] });
    expect(answer).toMatchObject({ ok: false, reason: expect.stringMatching(/an admin is already given/) });
  });

  it("lets a person holding both roles fill one capacity: the one still open, the admin's first", () => {
    const both = { ...base, approverRoles: ["PST_MEMBER", "ADMIN"] };
    expect(approvalCapacity(both)).toEqual({ ok: true, capacity: "ADMIN" });
    expect(approvalCapacity({ ...both, approvals: [{ approverId: "bob", capacity: "ADMIN" }] })).toEqual({
      ok: true,
      capacity: "PST_MEMBER",
    });
    expect(approvalCapacity({ ...both, approvals: [{ approverId: "bob", capacity: "PST_MEMBER" }] })).toEqual(
      {
        ok: true,
        capacity: "ADMIN",
      },
    );
    // Having filled one, they cannot fill the other.
    expect(
      approvalCapacity({ ...both, approvals: [{ approverId: "ada", capacity: "ADMIN" }] }),
    ).toMatchObject({
      ok: false,
    });
  });

  it.each<RecoveryState>(["approved", "completed", "cancelled", "expired"])(
    "refuses any approval of a %s request",
    (state) => {
      const answer = approvalCapacity({ ...base, state });
      expect(answer.ok).toBe(false);
      if (!answer.ok) expect(answer.reason.length).toBeGreaterThan(20);
    },
  );
});

describe("isApprovalComplete", () => {
  it("needs both capacities, by two different people", () => {
    expect(isApprovalComplete([])).toBe(false);
    expect(isApprovalComplete([{ approverId: "ada", capacity: "ADMIN" }])).toBe(false);
    expect(
      isApprovalComplete([
        { approverId: "ada", capacity: "ADMIN" },
        { approverId: "ada", capacity: "PST_MEMBER" },
      ]),
    ).toBe(false);
    expect(
      isApprovalComplete([
        { approverId: "ada", capacity: "ADMIN" },
        { approverId: "pat", capacity: "PST_MEMBER" },
      ]),
    ).toBe(true);
  });

  it("names the capacities still missing", () => {
    expect(missingCapacities([])).toEqual(["ADMIN", "PST_MEMBER"]);
    expect(missingCapacities([{ approverId: "ada", capacity: "ADMIN" }])).toEqual(["PST_MEMBER"]);
  });
});

describe("mayEnrolAfterRecovery", () => {
  const approved = { expiresAt: later(HOUR_MS), approvedAt: now, completedAt: null, cancelledAt: null };
  it("keeps enrolment open only while an approved recovery is unexpired", () => {
    expect(mayEnrolAfterRecovery(null, now)).toBe(true);
    expect(mayEnrolAfterRecovery(approved, now)).toBe(true);
    expect(mayEnrolAfterRecovery({ ...approved, completedAt: now }, later(HOUR_MS * 5))).toBe(true);
    expect(mayEnrolAfterRecovery(approved, later(HOUR_MS))).toBe(false);
    expect(mayEnrolAfterRecovery({ ...approved, cancelledAt: now }, now)).toBe(false);
  });
});
