import { describe, expect, it } from "vitest";
import { type AccountKind, type AccountRoles, accountKind, mayJoinFixTeam } from "./account-kind";
import type { StaffRole } from "./actor";
import { landingPageOf, pagesFor } from "./landing-page";

const account = (roles: StaffRole[], isDistributor = false): AccountRoles => ({ roles, isDistributor });

// Every combination of roles and the distributor side, with what each account is.
const TABLE: [AccountRoles, AccountKind][] = [
  [account([]), "engineer"],
  [account(["pst"]), "pst"],
  [account(["admin", "pst"]), "pst"],
  [account(["pst"], true), "pst"],
  [account(["admin", "pst"], true), "pst"],
  [account(["admin"]), "admin-only"],
  [account(["admin"], true), "admin-only"],
  [account([], true), "distributor"],
];

describe("accountKind", () => {
  it.each(TABLE)("%o is %s", (roles, kind) => {
    expect(accountKind(roles)).toBe(kind);
  });
});

describe("mayJoinFixTeam", () => {
  it.each(TABLE)("%o (%s)", (roles, kind) => {
    const answer = mayJoinFixTeam({ ...roles, active: true });
    expect(answer.ok).toBe(kind === "pst" || kind === "engineer");
  });

  it("refuses an admin without the PST role, saying why and what to do", () => {
    const answer = mayJoinFixTeam({ roles: ["admin"], isDistributor: false, active: true });
    expect(answer).toEqual({ ok: false, reason: expect.stringMatching(/hold no case content.*PST role/) });
  });

  it("refuses a distributor member, saying why", () => {
    const answer = mayJoinFixTeam({ roles: [], isDistributor: true, active: true });
    expect(answer).toEqual({ ok: false, reason: expect.stringContaining("Distributor members never join") });
  });

  it("refuses a deactivated account, even a PST member", () => {
    expect(mayJoinFixTeam({ roles: ["pst"], isDistributor: false, active: false })).toEqual({
      ok: false,
      reason: expect.stringContaining("deactivated"),
    });
  });
});

describe("landingPageOf", () => {
  it.each([
    [account(["pst"]), "/inbox"],
    [account(["admin", "pst"]), "/inbox"],
    [account([]), "/inbox"],
    [account([], true), "/distributor/cases"],
    [account(["admin"]), "/people"],
    [account(["admin"], true), "/people"],
  ] as const)("%o starts on %s", (roles, page) => {
    expect(landingPageOf(roles)).toBe(page);
  });
});

describe("pagesFor", () => {
  it.each([
    [
      { roles: ["pst"], isDistributor: false },
      [
        "/inbox",
        "/grants",
        "/keys",
        "/people",
        "/organizations",
        "/distributors/applications",
        "/metrics",
        "/announcements",
        "/audit",
        "/recoveries",
        "/settings",
        "/account",
      ],
    ],
    [
      { roles: ["admin"], isDistributor: false },
      ["/people", "/organizations", "/audit", "/recoveries", "/settings", "/account"],
    ],
    [{ roles: [], isDistributor: false }, ["/inbox", "/grants", "/keys", "/settings", "/account"]],
    [
      { roles: [], isDistributor: true },
      ["/distributor/cases", "/keys", "/distributors/applications", "/settings", "/account"],
    ],
  ] as const)("%j uses %j", (account, pages) => {
    expect(pagesFor(account)).toEqual(pages);
  });

  it("always includes the landing page", () => {
    for (const account of [
      { roles: ["pst"], isDistributor: false },
      { roles: ["admin"], isDistributor: false },
      { roles: [], isDistributor: false },
      { roles: [], isDistributor: true },
    ] as const) {
      expect(pagesFor(account)).toContain(landingPageOf(account));
    }
  });
});
