import { describe, expect, it } from "vitest";
import { mayHoldTeamKey } from "./team-keys";

describe("mayHoldTeamKey", () => {
  it.each([
    ["a PST member", { kind: "staff", userId: "u", roles: ["pst"] }, true],
    ["a PST member who is also an admin", { kind: "staff", userId: "u", roles: ["admin", "pst"] }, true],
    ["an admin only", { kind: "staff", userId: "u", roles: ["admin"] }, false],
    ["staff without a role (a Fix Team engineer)", { kind: "staff", userId: "u", roles: [] }, false],
    ["a distributor", { kind: "distributor", userId: "u", organizationId: "o", membership: "active" }, false],
  ] as const)("%s: %s", (_, actor, expected) => {
    expect(mayHoldTeamKey(actor as Parameters<typeof mayHoldTeamKey>[0])).toBe(expected);
  });
});
