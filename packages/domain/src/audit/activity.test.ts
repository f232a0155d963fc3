import { describe, expect, it } from "vitest";
import { ACTIVITY_KINDS, actionsOfKind, activityOf, isCaseSubject } from "./activity";

describe("a case's activity", () => {
  it.each([
    ["report.read", "read", "Read the report"],
    ["report.attachment_read", "read", "Downloaded an attachment"],
    ["report.message_posted", "message", "Message in the reporter thread"],
    ["case.accept", "change", "State changed"],
    ["case.fix_team_member_added", "change", "Added to the Fix Team"],
    ["report.pst_alerted", "system", "PST alerted by email"],
  ])("%s is a %s: %s", (action, kind, label) => {
    expect(activityOf(action)).toEqual({ kind, label });
  });

  it("names an action it does not know as logged, as a change", () => {
    expect(activityOf("case.something_new")).toEqual({ kind: "change", label: "case.something_new" });
  });

  it("lists the actions of each kind, every known action in exactly one", () => {
    const all = ACTIVITY_KINDS.flatMap((kind) => actionsOfKind(kind));
    expect(new Set(all).size).toBe(all.length);
    expect(actionsOfKind("read")).toEqual(
      expect.arrayContaining(["report.read", "report.attachment_read", "report.viewed_by_reporter"]),
    );
    for (const kind of ACTIVITY_KINDS) {
      for (const action of actionsOfKind(kind)) expect(activityOf(action).kind).toBe(kind);
    }
  });
});

describe("the global audit log", () => {
  it.each([
    ["session.signed_in", "change", "Signed in"],
    ["alerts.digests_sent", "system", "Daily digests emailed"],
    ["pgp_key.private_key_read", "read", "Read a key's locked private half"],
  ])("%s is a %s: %s", (action, kind, label) => {
    expect(activityOf(action)).toEqual({ kind, label });
  });

  it("knows which subjects name a case", () => {
    expect(isCaseSubject("report")).toBe(true);
    expect(isCaseSubject("case")).toBe(true);
    for (const other of ["user", "settings", "advisory", "organization", "Report", ""]) {
      expect(isCaseSubject(other)).toBe(false);
    }
  });
});
