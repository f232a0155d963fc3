// Issue 9: who may join a Fix Team. Only people who may hold case content (PST members and engineers); an admin
// without the PST role runs the deployment and is neither offered nor accepted. Against real Postgres.
import type { Db, Role } from "@disclose/db";
import { seedDemo } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { mayJoinFixTeam } from "@disclose/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "./context";
import { adminRouter, createAdminCaller } from "./root";
import { sessionFor, userWithSession } from "./test-support/sessions";
import { errorOf } from "./test-support/trpc-errors";
import { accountRolesOf, FIX_TEAM_ELIGIBLE } from "./use-cases/cases/manage-fix-team";

const ADMIN_URL = "http://localhost:3001";
const now = new Date("2026-11-24T12:00:00Z");

let t: TestDatabase;
let db: Db;
let reportId: string;
let leadCookie: string;

/** Every kind of account, and whether it may hold case content. */
const KINDS: { name: string; roles: Role[]; membership?: boolean; active?: boolean; eligible: boolean }[] = [
  { name: "PST member", roles: ["PST_MEMBER"], eligible: true },
  { name: "admin and PST member", roles: ["ADMIN", "PST_MEMBER"], eligible: true },
  { name: "engineer (no role)", roles: [], eligible: true },
  {
    name: "PST member also listed for a distributor",
    roles: ["PST_MEMBER"],
    membership: true,
    eligible: true,
  },
  { name: "admin only", roles: ["ADMIN"], eligible: false },
  { name: "distributor member", roles: ["DISTRIBUTOR_MEMBER"], membership: true, eligible: false },
  { name: "distributor role without a membership", roles: ["DISTRIBUTOR_MEMBER"], eligible: false },
  { name: "distributor membership without the role", roles: [], membership: true, eligible: false },
  { name: "deactivated engineer", roles: [], active: false, eligible: false },
  { name: "deactivated PST member", roles: ["PST_MEMBER"], active: false, eligible: false },
];
const accounts = new Map<string, string>();

const admin = async (cookie: string) =>
  createAdminCaller(
    await createContext({
      app: "admin",
      appUrl: ADMIN_URL,
      db,
      now,
      headers: new Headers({ cookie, origin: ADMIN_URL }),
    }),
  );

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await seedDemo(db);
  // The case's content plays no part here: a row in the accepted state with a Fix Lead is enough.
  const lead = await sessionFor(db, "pst1@demo.disclose.test", { now });
  leadCookie = lead.cookie;
  ({ id: reportId } = await db.report.create({
    data: {
      state: "accepted",
      fixLeadId: lead.userId,
      receivedAt: now,
      ciphertext: "-----BEGIN PGP MESSAGE-----\nx\n-----END PGP MESSAGE-----",
      encryption: "browser",
      recipientFingerprints: [],
      trackingSecretHash: "0".repeat(64),
      reporterPublicKey: "k",
      reporterLockedPrivateKey: "k",
    },
  }));

  const org = await db.distributorOrganization.create({ data: { name: "Eligibility Distribution" } });
  for (const kind of KINDS) {
    const user = await userWithSession(db, kind.roles, { now, active: kind.active ?? true });
    if (kind.membership) {
      await db.distributorMembership.create({ data: { userId: user.userId, organizationId: org.id } });
    }
    accounts.set(kind.name, user.userId);
  }
}, 120_000);
afterAll(() => t?.drop());

describe("the Fix Team candidate list", () => {
  it("offers PST members and engineers, never an admin-only, distributor or deactivated account", async () => {
    const { staff } = await (await admin(leadCookie)).cases.triageContext({ reportId });
    const offered = new Set(staff.map((s) => s.id));
    for (const kind of KINDS) {
      expect(offered.has(accounts.get(kind.name) ?? ""), kind.name).toBe(kind.eligible);
    }
    const demoAdmin = await db.user.findUniqueOrThrow({ where: { email: "admin@demo.disclose.test" } });
    expect(offered.has(demoAdmin.id)).toBe(false);
  });

  it("is the domain's rule as a query: the two agree on every account in the database", async () => {
    const users = await db.user.findMany({
      select: { id: true, active: true, roles: { select: { role: true } }, distributorMembership: true },
    });
    const byRule = users
      .filter((u) => mayJoinFixTeam({ ...accountRolesOf(u), active: u.active }).ok)
      .map((u) => u.id)
      .sort();
    const byQuery = (await db.user.findMany({ where: FIX_TEAM_ELIGIBLE, select: { id: true } }))
      .map((u) => u.id)
      .sort();
    expect(byQuery).toEqual(byRule);
    expect(users.length).toBeGreaterThan(KINDS.length);
  });
});

describe("adding someone to a Fix Team", () => {
  it.each(KINDS.filter((k) => k.eligible))("accepts a $name", async ({ name }) => {
    const userId = accounts.get(name) ?? "";
    const { fixTeam } = await (await admin(leadCookie)).cases.setFixTeamMember({
      reportId,
      userId,
      member: true,
    });
    expect(fixTeam).toContain(userId);
  });

  it.each(KINDS.filter((k) => !k.eligible))("refuses a $name, saying why", async ({ name }) => {
    const userId = accounts.get(name) ?? "";
    const error = await errorOf(
      (await admin(leadCookie)).cases.setFixTeamMember({ reportId, userId, member: true }),
    );
    expect(error).toMatchObject({ code: "BAD_REQUEST", appCode: "BAD_INPUT" });
    expect(await db.caseMember.count({ where: { reportId, userId } })).toBe(0);
  });

  it("tells the Fix Lead that an admin holds no case content and needs the PST role first", async () => {
    const error = await errorOf(
      (await admin(leadCookie)).cases.setFixTeamMember({
        reportId,
        userId: accounts.get("admin only") ?? "",
        member: true,
      }),
    );
    expect(error.message).toBe(
      "Admins run the deployment and hold no case content; give them the PST role first.",
    );
  });

  it("refuses an account that does not exist", async () => {
    const error = await errorOf(
      (await admin(leadCookie)).cases.setFixTeamMember({ reportId, userId: "no-such-user", member: true }),
    );
    expect(error).toMatchObject({ appCode: "BAD_INPUT", message: "There is no such account." });
  });
});

describe("a refused input over HTTP", () => {
  it("reads as plain English even where the schema gave no message of its own", async () => {
    const { fetchRequestHandler } = await import("@trpc/server/adapters/fetch");
    const input = encodeURIComponent(JSON.stringify({ json: { page: 0 } }));
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: new Request(`${ADMIN_URL}/api/trpc/cases.inbox?input=${input}`, {
        headers: { cookie: leadCookie },
      }),
      router: adminRouter,
      createContext: () =>
        createContext({
          app: "admin",
          appUrl: ADMIN_URL,
          db,
          now,
          headers: new Headers({ cookie: leadCookie }),
        }),
      onError: () => {},
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { json: { message: string } } };
    expect(body.error.json.message).toBe("Use a number of at least 1.");
    expect(body.error.json.message).not.toMatch(/expected|>=|<=|Too (big|small)|Invalid input/);
  });
});
