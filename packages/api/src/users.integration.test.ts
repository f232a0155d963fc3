import { randomBytes } from "node:crypto";
import { type Db, type Role, verifyAuditChain } from "@disclose/db";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { installJobQueue, jobKeyFor } from "@disclose/email";
import type { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashSessionToken } from "./auth/session-token";
import { createContext } from "./context";
import { createAdminCaller } from "./root";
import { userWithSession } from "./test-support/sessions";
import { errorOf } from "./test-support/trpc-errors";

const ADMIN_URL = "http://localhost:3001";
const now = new Date("2026-11-24T12:00:00Z");
const DAY = 86_400_000;
const inAWeek = new Date(now.getTime() + 7 * DAY);

let test: TestDatabase;
let db: Db;
let acme: { id: string; name: string };
beforeAll(async () => {
  test = await createTestDatabase();
  db = test.db;
  await installJobQueue(test.url);
  acme = await db.distributorOrganization.create({ data: { name: "Acme Linux" } });
}, 120_000);
afterAll(() => test.drop());

const caller = async (cookie: string | null, headers: Record<string, string> = { origin: ADMIN_URL }) =>
  createAdminCaller(
    await createContext({
      app: "admin",
      appUrl: ADMIN_URL,
      db,
      now,
      headers: new Headers({ ...headers, ...(cookie ? { cookie } : {}) }),
    }),
  );

const tag = () => randomBytes(4).toString("hex");
const freshEmail = () => `new-${tag()}@example.org`;
const user = (roles: Role[], options: { active?: boolean; secondFactor?: boolean } = {}) =>
  userWithSession(db, roles, { ...options, now });

/** A distributor account that speaks for an organisation (the domain sees it as a distributor). */
async function distributor() {
  const member = await user(["DISTRIBUTOR_MEMBER"]);
  await db.distributorMembership.create({ data: { userId: member.userId, organizationId: acme.id } });
  return member;
}

const auditCount = () => db.auditEvent.count();
const outboxCount = () => db.outboxMessage.count();

/** Later calls see what earlier ones wrote; this is the user's row as the next request will find it. */
const rowOf = (userId: string) =>
  db.user.findUniqueOrThrow({
    where: { id: userId },
    include: { roles: true, distributorMembership: true, sessions: true },
  });

type Persona = "admin" | "pst" | "distributor" | "no roles" | "no session" | "no second factor";
const PERSONAS: Persona[] = ["admin", "pst", "distributor", "no roles", "no session", "no second factor"];

async function cookieOf(persona: Persona): Promise<string | null> {
  switch (persona) {
    case "admin":
      return (await user(["ADMIN"])).cookie;
    case "pst":
      return (await user(["PST_MEMBER"])).cookie;
    case "distributor":
      return (await distributor()).cookie;
    case "no roles":
      return (await user([])).cookie;
    case "no session":
      return null;
    case "no second factor":
      return (await user(["ADMIN"], { secondFactor: false })).cookie;
  }
}

type Api = Awaited<ReturnType<typeof caller>>;

// Each call makes its own target, so a refused call and an allowed one never share state.
const PROCEDURES: [string, Persona[], (api: Api) => Promise<unknown>][] = [
  ["users.list", ["admin", "pst"], (api) => api.users.list()],
  ["users.organizations.list", ["admin", "pst"], (api) => api.users.organizations.list()],
  [
    "users.invite",
    ["admin"],
    (api) => api.users.invite({ email: freshEmail(), name: "New Person", roles: ["PST_MEMBER"] }),
  ],
  [
    "users.changeRoles",
    ["admin"],
    async (api) => api.users.changeRoles({ userId: (await user(["PST_MEMBER"])).userId, roles: ["ADMIN"] }),
  ],
  ["users.deactivate", ["admin"], async (api) => api.users.deactivate({ userId: (await user([])).userId })],
  [
    "users.reactivate",
    ["admin"],
    async (api) => api.users.reactivate({ userId: (await user([], { active: false })).userId }),
  ],
  [
    "users.revokeSessions",
    ["admin"],
    async (api) => api.users.revokeSessions({ userId: (await user([])).userId }),
  ],
  [
    "users.organizations.create",
    ["admin"],
    (api) => api.users.organizations.create({ name: `Org ${tag()}` }),
  ],
  ["users.availability", ["admin", "pst", "distributor", "no roles"], (api) => api.users.availability()],
  [
    "users.setAvailability",
    ["admin", "pst", "no roles"],
    (api) => api.users.setAvailability({ unavailableUntil: inAWeek }),
  ],
];

describe("who may call what", () => {
  it.each(
    PROCEDURES.flatMap(([name, allowed, call]) =>
      PERSONAS.map((persona) => [name, persona, allowed.includes(persona), call] as const),
    ),
  )("%s as %s: allowed %s", async (_name, persona, allowed, call) => {
    const api = await caller(await cookieOf(persona));
    if (allowed) {
      await expect(call(api)).resolves.toBeDefined();
      return;
    }
    const [audit, outbox] = [await auditCount(), await outboxCount()];
    const expected =
      persona === "no session"
        ? "UNAUTHENTICATED"
        : persona === "no second factor"
          ? "SECOND_FACTOR_REQUIRED"
          : "FORBIDDEN";
    const error = await errorOf(call(api));
    expect(error.appCode).toBe(expected);
    expect(error.message.length).toBeGreaterThan(0);
    // A refused call changed nothing: no audit event, no email.
    expect([await auditCount(), await outboxCount()]).toEqual([audit, outbox]);
  });

  it("refuses an admin's mutation from another site", async () => {
    const admin = await user(["ADMIN"]);
    const api = await caller(admin.cookie, { origin: "https://attacker.example" });
    const email = freshEmail();
    expect(await errorOf(api.users.invite({ email, name: "Mallory", roles: ["ADMIN"] }))).toMatchObject({
      code: "FORBIDDEN",
      appCode: "CROSS_SITE_REQUEST",
    });
    expect(await db.user.count({ where: { email } })).toBe(0);
  });
});

describe("inviting", () => {
  it("creates the account, queues the invitation email and audits it, in one go", async () => {
    const admin = await user(["ADMIN"]);
    const api = await caller(admin.cookie);
    const address = `Ada.Lovelace-${tag()}@Example.ORG`;
    const invited = await api.users.invite({
      email: `  ${address} `,
      name: "  Ada Lovelace ",
      roles: ["PST_MEMBER", "PST_MEMBER"],
    });
    const email = address.toLowerCase();
    expect(invited.email).toBe(email);
    const row = await rowOf(invited.userId);
    expect(row).toMatchObject({ email, name: "Ada Lovelace", active: true, emailVerified: null });
    expect(row.roles.map((r) => r.role)).toEqual(["PST_MEMBER"]);
    expect(row.sessions).toEqual([]);

    const mail = await db.outboxMessage.findFirstOrThrow({ where: { toAddress: email } });
    expect(mail).toMatchObject({ status: "PENDING", subject: "You have an account on Disclose" });
    expect(mail.textBody).toContain(`${ADMIN_URL}/sign-in`);
    expect(mail.textBody).toContain(email);
    expect(mail.textBody).toContain("Hello Ada Lovelace,");
    expect(mail.textBody).not.toMatch(/token|[?&][a-z]+=/i);
    // Delivery is queued in the same transaction, so the worker will send it (with retries).
    const jobs = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM graphile_worker.jobs WHERE key = ${jobKeyFor(mail.id)}`;
    expect(Number(jobs[0]?.n)).toBe(1);

    const audit = await db.auditEvent.findFirstOrThrow({
      where: { action: "user.invited", subjectId: invited.userId },
    });
    expect(audit).toMatchObject({
      actorId: admin.userId,
      actorKind: "user",
      subjectType: "user",
      data: { roles: ["PST_MEMBER"], organizationId: null },
    });
  });

  it("refuses a second account for the same address, whatever its case, and sends nothing", async () => {
    const api = await caller((await user(["ADMIN"])).cookie);
    const email = freshEmail();
    await api.users.invite({ email, name: "First", roles: [] });
    const outbox = await outboxCount();
    for (const again of [email, email.toUpperCase(), ` ${email}`]) {
      const error = await errorOf(api.users.invite({ email: again, name: "Second", roles: ["ADMIN"] }));
      expect(error).toMatchObject({ code: "CONFLICT", appCode: "CONFLICT" });
      expect(error.message).toMatch(/already exists/);
    }
    // A deactivated account still holds its address: reactivate it rather than make a second one.
    await db.user.update({ where: { email }, data: { active: false } });
    expect((await errorOf(api.users.invite({ email, name: "Third", roles: [] }))).message).toMatch(
      /reactivate/,
    );
    expect(await outboxCount()).toBe(outbox);
    expect(await db.user.count({ where: { email } })).toBe(1);
  });

  it("refuses two invitations of one address racing each other", async () => {
    const api = await caller((await user(["ADMIN"])).cookie);
    const email = freshEmail();
    const results = await Promise.allSettled(
      [1, 2, 3].map((n) => api.users.invite({ email, name: `Racer ${n}`, roles: [] })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected") expect((r.reason as TRPCError).code).toBe("CONFLICT");
    }
    expect(await db.outboxMessage.count({ where: { toAddress: email } })).toBe(1);
  });

  it("links a distributor member to its organisation, and only a distributor member", async () => {
    const api = await caller((await user(["ADMIN"])).cookie);
    const invited = await api.users.invite({
      email: freshEmail(),
      name: "Dist Ributor",
      roles: ["DISTRIBUTOR_MEMBER"],
      organizationId: acme.id,
    });
    expect((await rowOf(invited.userId)).distributorMembership).toMatchObject({
      organizationId: acme.id,
      status: "active",
    });

    const missing = await errorOf(
      api.users.invite({ email: freshEmail(), name: "No Org", roles: ["DISTRIBUTOR_MEMBER"] }),
    );
    expect(missing).toMatchObject({ code: "BAD_REQUEST", appCode: "BAD_INPUT" });
    expect(missing.message).toMatch(/organisation/);
    const notDistributor = await errorOf(
      api.users.invite({ email: freshEmail(), name: "Pst", roles: ["PST_MEMBER"], organizationId: acme.id }),
    );
    expect(notDistributor).toMatchObject({ code: "BAD_REQUEST", appCode: "BAD_INPUT" });
    const unknown = await errorOf(
      api.users.invite({
        email: freshEmail(),
        name: "Ghost Org",
        roles: ["DISTRIBUTOR_MEMBER"],
        organizationId: "00000000-0000-4000-8000-000000000000",
      }),
    );
    expect(unknown).toMatchObject({ code: "NOT_FOUND", message: "There is no such organisation." });
  });

  it("stores a SQL-looking name as plain text", async () => {
    const api = await caller((await user(["ADMIN"])).cookie);
    const name = "Robert'); DROP TABLE users;--";
    const invited = await api.users.invite({ email: freshEmail(), name, roles: [] });
    expect((await rowOf(invited.userId)).name).toBe(name);
    expect(await db.user.count()).toBeGreaterThan(1);
  });

  const ok = { email: "hostile@example.org", name: "Hostile", roles: ["PST_MEMBER"] };
  it.each([
    ["an empty email", { ...ok, email: "" }],
    ["an email of spaces", { ...ok, email: "   " }],
    ["no domain", { ...ok, email: "eve@" }],
    ["no top-level domain", { ...ok, email: "eve@localhost" }],
    ["two @", { ...ok, email: "eve@@example.org" }],
    ["a header injection", { ...ok, email: "eve@example.org\r\nBcc: all@example.org" }],
    ["a display name", { ...ok, email: "Eve <eve@example.org>" }],
    ["two addresses", { ...ok, email: "eve@example.org, bob@example.org" }],
    ["a SQL-ish email", { ...ok, email: "x' OR '1'='1@example.org" }],
    ["SQL in the domain", { ...ok, email: "eve@example.org'; DROP TABLE users;--" }],
    ["a Cyrillic look-alike", { ...ok, email: "аdmin@example.org" }],
    ["a huge email", { ...ok, email: `${"a".repeat(300)}@example.org` }],
    ["an email that is not text", { ...ok, email: 42 }],
    ["an empty name", { ...ok, name: "  " }],
    ["a huge name", { ...ok, name: "n".repeat(101) }],
    ["a megabyte name", { ...ok, name: "n".repeat(1_000_000) }],
    ["a name with a line break", { ...ok, name: "Eve\nAdmin" }],
    ["a name with a NUL", { ...ok, name: "Eve\u0000" }],
    ["a name with a direction override", { ...ok, name: "Eve \u202Enimda" }],
    ["an unknown role", { ...ok, roles: ["ROOT"] }],
    ["a lower-case role", { ...ok, roles: ["admin"] }],
    ["a role that is not a list", { ...ok, roles: "ADMIN" }],
    ["a null role", { ...ok, roles: [null] }],
    ["a thousand roles", { ...ok, roles: Array.from({ length: 1000 }, () => "ADMIN") }],
    ["a SQL-ish role", { ...ok, roles: ["ADMIN' OR 1=1 --"] }],
    ["an organisation id that is not a uuid", { ...ok, roles: ["DISTRIBUTOR_MEMBER"], organizationId: "1" }],
    ["a SQL-ish organisation id", { ...ok, roles: ["DISTRIBUTOR_MEMBER"], organizationId: "' OR 1=1 --" }],
  ])("refuses %s with a clear error and writes nothing", async (_label, input) => {
    const api = await caller((await user(["ADMIN"])).cookie);
    const [users, audit, outbox] = [await db.user.count(), await auditCount(), await outboxCount()];
    const error = await errorOf(api.users.invite(input as never));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message.length).toBeGreaterThan(0);
    expect([await db.user.count(), await auditCount(), await outboxCount()]).toEqual([users, audit, outbox]);
  });

  it("ignores fields the caller may not set", async () => {
    const api = await caller((await user(["ADMIN"])).cookie);
    const invited = await api.users.invite({
      email: freshEmail(),
      name: "Sneaky",
      roles: [],
      active: false,
      isDemo: true,
      id: "chosen-id",
      emailVerified: now,
    } as never);
    expect(invited.userId).not.toBe("chosen-id");
    expect(await rowOf(invited.userId)).toMatchObject({ active: true, isDemo: false, emailVerified: null });
  });
});

describe("changing roles", () => {
  it("replaces the set; the account's next request has the new roles; audited", async () => {
    const admin = await user(["ADMIN"]);
    const member = await user(["PST_MEMBER"]);
    const api = await caller(admin.cookie);
    expect(await api.users.changeRoles({ userId: member.userId, roles: ["ADMIN", "PST_MEMBER"] })).toEqual({
      userId: member.userId,
      roles: ["ADMIN", "PST_MEMBER"],
    });
    expect((await (await caller(member.cookie)).account.me()).roles.sort()).toEqual(["ADMIN", "PST_MEMBER"]);
    await api.users.changeRoles({ userId: member.userId, roles: [] });
    expect((await (await caller(member.cookie)).account.me()).roles).toEqual([]);
    expect(await errorOf((await caller(member.cookie)).users.list())).toMatchObject({ appCode: "FORBIDDEN" });

    const events = await db.auditEvent.findMany({
      where: { action: "user.roles_changed", subjectId: member.userId },
      orderBy: { seq: "asc" },
    });
    expect(events.map((e) => e.data)).toEqual([
      { before: ["PST_MEMBER"], after: ["ADMIN", "PST_MEMBER"] },
      { before: ["ADMIN", "PST_MEMBER"], after: [] },
    ]);
    // Setting the same set again is no change and no event.
    await api.users.changeRoles({ userId: member.userId, roles: [] });
    expect(
      await db.auditEvent.count({ where: { action: "user.roles_changed", subjectId: member.userId } }),
    ).toBe(2);
  });

  it("refuses an admin removing their own admin role", async () => {
    const admin = await user(["ADMIN", "PST_MEMBER"]);
    const error = await errorOf(
      (await caller(admin.cookie)).users.changeRoles({ userId: admin.userId, roles: ["PST_MEMBER"] }),
    );
    expect(error).toMatchObject({ code: "CONFLICT", appCode: "CONFLICT" });
    expect(error.message).toMatch(/ask another admin/);
    expect((await rowOf(admin.userId)).roles.map((r) => r.role).sort()).toEqual(["ADMIN", "PST_MEMBER"]);
    // Changing their other roles is fine.
    await (await caller(admin.cookie)).users.changeRoles({ userId: admin.userId, roles: ["ADMIN"] });
    expect((await rowOf(admin.userId)).roles.map((r) => r.role)).toEqual(["ADMIN"]);
  });

  it("makes a distributor member with an organisation, and keeps the membership's status when the role goes", async () => {
    const api = await caller((await user(["ADMIN"])).cookie);
    const member = await user([]);
    const missing = await errorOf(
      api.users.changeRoles({ userId: member.userId, roles: ["DISTRIBUTOR_MEMBER"] }),
    );
    expect(missing).toMatchObject({ code: "BAD_REQUEST", appCode: "BAD_INPUT" });
    await api.users.changeRoles({
      userId: member.userId,
      roles: ["DISTRIBUTOR_MEMBER"],
      organizationId: acme.id,
    });
    expect((await rowOf(member.userId)).distributorMembership).toMatchObject({ organizationId: acme.id });

    // A warned member whose role is taken away and given back is still warned: the list's memory stays.
    await db.distributorMembership.update({ where: { userId: member.userId }, data: { status: "warned" } });
    await api.users.changeRoles({ userId: member.userId, roles: [] });
    await api.users.changeRoles({ userId: member.userId, roles: ["DISTRIBUTOR_MEMBER"] });
    expect((await rowOf(member.userId)).distributorMembership).toMatchObject({ status: "warned" });

    const other = await db.distributorOrganization.create({ data: { name: `Other ${tag()}` } });
    const moved = await errorOf(
      api.users.changeRoles({
        userId: member.userId,
        roles: ["DISTRIBUTOR_MEMBER"],
        organizationId: other.id,
      }),
    );
    expect(moved).toMatchObject({ code: "CONFLICT" });
    expect(moved.message).toContain("Acme Linux");
  });

  it.each([
    ["an unknown account", { userId: "no-such-user", roles: [] }, "NOT_FOUND"],
    ["a SQL-ish id", { userId: "' OR 1=1 --", roles: [] }, "NOT_FOUND"],
    ["an empty id", { userId: "", roles: [] }, "BAD_REQUEST"],
    ["a huge id", { userId: "x".repeat(65), roles: [] }, "BAD_REQUEST"],
    ["an unknown role", { userId: "x", roles: ["SUPERUSER"] }, "BAD_REQUEST"],
    ["no roles field", { userId: "x" }, "BAD_REQUEST"],
  ])("refuses %s", async (_label, input, code) => {
    const api = await caller((await user(["ADMIN"])).cookie);
    const audit = await auditCount();
    expect((await errorOf(api.users.changeRoles(input as never))).code).toBe(code);
    expect(await auditCount()).toBe(audit);
  });
});

describe("deactivating", () => {
  it("signs the person out at their next request, everywhere, and reactivation does not bring sessions back", async () => {
    const admin = await user(["ADMIN"]);
    const member = await user(["PST_MEMBER"]);
    const secondToken = randomBytes(32).toString("base64url");
    await db.session.create({
      data: {
        sessionToken: hashSessionToken(secondToken),
        userId: member.userId,
        expires: new Date(now.getTime() + 3600_000),
        secondFactorAt: now,
      },
    });
    await db.verificationToken.create({
      data: { identifier: member.email, token: `hash-${tag()}`, expires: new Date(now.getTime() + 600_000) },
    });
    const cookies = [member.cookie, `next-auth.session-token=${secondToken}`];
    for (const cookie of cookies) {
      expect(await (await caller(cookie)).account.me()).toMatchObject({ userId: member.userId });
    }

    const api = await caller(admin.cookie);
    expect(await api.users.deactivate({ userId: member.userId })).toEqual({
      userId: member.userId,
      sessionsEnded: 2,
    });
    for (const cookie of cookies) {
      expect(await errorOf((await caller(cookie)).account.me())).toMatchObject({
        code: "UNAUTHORIZED",
        appCode: "UNAUTHENTICATED",
      });
    }
    const row = await rowOf(member.userId);
    expect(row).toMatchObject({ active: false, sessions: [] });
    expect(await db.verificationToken.count({ where: { identifier: member.email } })).toBe(0);
    expect(
      await db.auditEvent.findFirst({ where: { action: "user.deactivated", subjectId: member.userId } }),
    ).toMatchObject({ actorId: admin.userId, data: { sessionsEnded: 2 } });
    expect((await api.users.list()).people.find((p) => p.id === member.userId)).toMatchObject({
      active: false,
    });

    expect(await errorOf(api.users.deactivate({ userId: member.userId }))).toMatchObject({
      code: "CONFLICT",
      message: "This account is already deactivated.",
    });
    expect(await api.users.reactivate({ userId: member.userId })).toEqual({ userId: member.userId });
    expect((await rowOf(member.userId)).active).toBe(true);
    expect(await errorOf((await caller(member.cookie)).account.me())).toMatchObject({
      appCode: "UNAUTHENTICATED",
    });
    expect(await errorOf(api.users.reactivate({ userId: member.userId }))).toMatchObject({
      code: "CONFLICT",
      message: "This account is already active.",
    });
    expect(
      await db.auditEvent.count({ where: { action: "user.reactivated", subjectId: member.userId } }),
    ).toBe(1);
  });

  it("refuses an admin deactivating themselves", async () => {
    const admin = await user(["ADMIN"]);
    const error = await errorOf((await caller(admin.cookie)).users.deactivate({ userId: admin.userId }));
    expect(error).toMatchObject({ code: "CONFLICT" });
    expect(error.message).toMatch(/ask another admin/);
    expect((await rowOf(admin.userId)).active).toBe(true);
    expect(await (await caller(admin.cookie)).account.me()).toMatchObject({ userId: admin.userId });
  });

  it.each([
    ["an unknown account", "no-such-user", "NOT_FOUND"],
    ["a SQL-ish id", "x'; UPDATE users SET active = false; --", "NOT_FOUND"],
    ["an empty id", "", "BAD_REQUEST"],
    ["a huge id", "x".repeat(10_000), "BAD_REQUEST"],
  ])("refuses %s and deactivates nobody", async (_label, userId, code) => {
    const api = await caller((await user(["ADMIN"])).cookie);
    const active = await db.user.count({ where: { active: true } });
    expect((await errorOf(api.users.deactivate({ userId }))).code).toBe(code);
    expect((await errorOf(api.users.reactivate({ userId }))).code).toBe(code);
    expect(await db.user.count({ where: { active: true } })).toBe(active);
  });
});

describe("the last admin", () => {
  /** Leaves exactly these admins active (others in this database are switched off for the test). */
  async function onlyAdmins(count: number) {
    await db.user.updateMany({ where: { roles: { some: { role: "ADMIN" } } }, data: { active: false } });
    return Promise.all(Array.from({ length: count }, () => user(["ADMIN"])));
  }

  it("two admins demoting each other at once leave one admin, not none", async () => {
    const [a, b] = (await onlyAdmins(2)) as [
      Awaited<ReturnType<typeof user>>,
      Awaited<ReturnType<typeof user>>,
    ];
    const [apiA, apiB] = [await caller(a.cookie), await caller(b.cookie)];
    const results = await Promise.allSettled([
      apiA.users.changeRoles({ userId: b.userId, roles: [] }),
      apiB.users.changeRoles({ userId: a.userId, roles: [] }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((refused.reason as TRPCError).message).toBe("Your account is no longer an admin.");
    expect(await db.user.count({ where: { active: true, roles: { some: { role: "ADMIN" } } } })).toBe(1);
  });

  it("two admins deactivating each other at once leave one admin, not none", async () => {
    const [a, b] = (await onlyAdmins(2)) as [
      Awaited<ReturnType<typeof user>>,
      Awaited<ReturnType<typeof user>>,
    ];
    const [apiA, apiB] = [await caller(a.cookie), await caller(b.cookie)];
    const results = await Promise.allSettled([
      apiA.users.deactivate({ userId: b.userId }),
      apiB.users.deactivate({ userId: a.userId }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.user.count({ where: { active: true, roles: { some: { role: "ADMIN" } } } })).toBe(1);
  });

  it("the only admin can neither drop the role nor leave", async () => {
    const [only] = (await onlyAdmins(1)) as [Awaited<ReturnType<typeof user>>];
    const api = await caller(only.cookie);
    expect((await errorOf(api.users.changeRoles({ userId: only.userId, roles: [] }))).code).toBe("CONFLICT");
    expect((await errorOf(api.users.deactivate({ userId: only.userId }))).code).toBe("CONFLICT");
    expect(await db.user.count({ where: { active: true, roles: { some: { role: "ADMIN" } } } })).toBe(1);
  });
});

describe("out of office", () => {
  it("a member marks themselves away and back; only their own row changes; audited", async () => {
    const member = await user(["PST_MEMBER"]);
    const bystander = await user(["PST_MEMBER"]);
    const api = await caller(member.cookie);
    expect(await api.users.availability()).toEqual({ unavailableUntil: null });
    // A userId in the input is not part of the procedure: it is dropped, never used.
    expect(
      await api.users.setAvailability({ unavailableUntil: inAWeek, userId: bystander.userId } as never),
    ).toEqual({ unavailableUntil: inAWeek });
    expect(await api.users.availability()).toEqual({ unavailableUntil: inAWeek });
    expect((await rowOf(bystander.userId)).unavailableUntil).toBeNull();
    const admin = await user(["ADMIN"]);
    expect(
      (await (await caller(admin.cookie)).users.list()).people.find((p) => p.id === member.userId),
    ).toMatchObject({ unavailableUntil: inAWeek });

    expect(await api.users.setAvailability({ unavailableUntil: null })).toEqual({ unavailableUntil: null });
    expect((await rowOf(member.userId)).unavailableUntil).toBeNull();
    const events = await db.auditEvent.findMany({
      where: { action: "user.availability_changed", subjectId: member.userId },
      orderBy: { seq: "asc" },
    });
    expect(events.map((e) => [e.actorId, e.data])).toEqual([
      [member.userId, { unavailableUntil: inAWeek.toISOString() }],
      [member.userId, { unavailableUntil: null }],
    ]);
  });

  it("accepts exactly one year ahead", async () => {
    const api = await caller((await user(["PST_MEMBER"])).cookie);
    const yearAhead = new Date("2027-11-24T12:00:00Z");
    expect(await api.users.setAvailability({ unavailableUntil: yearAhead })).toEqual({
      unavailableUntil: yearAhead,
    });
  });

  it.each([
    ["a past date", new Date(now.getTime() - DAY), "BAD_INPUT"],
    ["now", now, "BAD_INPUT"],
    ["the epoch", new Date(0), "BAD_INPUT"],
    ["more than a year ahead", new Date("2027-11-24T12:00:00.001Z"), "BAD_INPUT"],
    ["the year 275760", new Date(8.64e15), "BAD_INPUT"],
    ["an invalid date", new Date("not a date"), undefined],
    ["a date as text", "2026-12-01", undefined],
    ["a SQL-ish string", "2026-12-01'; DROP TABLE users;--", undefined],
    ["a number", 1_800_000_000_000, undefined],
  ])("refuses %s and changes nothing", async (_label, unavailableUntil, appCode) => {
    const member = await user(["PST_MEMBER"]);
    const api = await caller(member.cookie);
    const error = await errorOf(api.users.setAvailability({ unavailableUntil } as never));
    expect(error).toMatchObject({ code: "BAD_REQUEST", ...(appCode ? { appCode } : {}) });
    expect(error.message.length).toBeGreaterThan(0);
    expect((await rowOf(member.userId)).unavailableUntil).toBeNull();
  });

  it("reads a date already past as available", async () => {
    const member = await user(["PST_MEMBER"]);
    await db.user.update({
      where: { id: member.userId },
      data: { unavailableUntil: new Date(now.getTime() - 1) },
    });
    expect(await (await caller(member.cookie)).users.availability()).toEqual({ unavailableUntil: null });
  });
});

describe("the people list", () => {
  it("shows what the team needs and no secret", async () => {
    const admin = await user(["ADMIN"]);
    const enrolled = await user(["PST_MEMBER"]);
    const secretEncrypted = `totp-secret-${tag()}`;
    await db.totpCredential.create({ data: { userId: enrolled.userId, secretEncrypted, confirmedAt: now } });
    const pending = await user(["PST_MEMBER"]);
    await db.totpCredential.create({ data: { userId: pending.userId, secretEncrypted: `pending-${tag()}` } });
    const recoveryHash = randomBytes(32).toString("hex");
    await db.recoveryCode.create({ data: { userId: enrolled.userId, codeHash: recoveryHash } });
    const dist = await distributor();

    for (const viewer of [admin, await user(["PST_MEMBER"])]) {
      const list = await (await caller(viewer.cookie)).users.list();
      expect(list.canManage).toBe(viewer === admin);
      const byId = new Map(list.people.map((p) => [p.id, p]));
      expect(byId.get(enrolled.userId)).toEqual({
        id: enrolled.userId,
        email: enrolled.email,
        name: expect.any(String),
        active: true,
        roles: ["PST_MEMBER"],
        unavailableUntil: null,
        organizationName: null,
        hasAuthenticator: true,
        createdAt: expect.any(Date),
      });
      expect(byId.get(pending.userId)?.hasAuthenticator).toBe(false);
      expect(byId.get(dist.userId)).toMatchObject({
        roles: ["DISTRIBUTOR_MEMBER"],
        organizationName: "Acme Linux",
      });

      const json = JSON.stringify(list);
      const sessionHashes = (await db.session.findMany({ select: { sessionToken: true } })).map(
        (s) => s.sessionToken,
      );
      for (const secret of [secretEncrypted, recoveryHash, enrolled.token, ...sessionHashes]) {
        expect(json).not.toContain(secret);
      }
      expect(json).not.toMatch(/secret|sessionToken|codeHash|lockedPrivateKey|secondFactor/i);
    }
  });

  it("lists active people first", async () => {
    await user([], { active: false });
    const { people } = await (await caller((await user(["ADMIN"])).cookie)).users.list();
    const firstInactive = people.findIndex((p) => !p.active);
    expect(firstInactive).toBeGreaterThan(0);
    expect(people.slice(firstInactive).every((p) => !p.active)).toBe(true);
  });
});

describe("organisations", () => {
  it("an admin creates one (audited); admins and the PST list them with member counts", async () => {
    const admin = await user(["ADMIN"]);
    const name = `Debian ${tag()}`;
    const created = await (await caller(admin.cookie)).users.organizations.create({ name: `  ${name} ` });
    expect(created).toMatchObject({ name, memberCount: 0 });
    expect(
      await db.auditEvent.findFirst({ where: { action: "organization.created", subjectId: created.id } }),
    ).toMatchObject({ actorId: admin.userId, data: { name } });
    await (await caller(admin.cookie)).users.invite({
      email: freshEmail(),
      name: "Deb Ian",
      roles: ["DISTRIBUTOR_MEMBER"],
      organizationId: created.id,
    });
    const pst = await user(["PST_MEMBER"]);
    const { organizations } = await (await caller(pst.cookie)).users.organizations.list();
    expect(organizations.find((o) => o.id === created.id)).toMatchObject({ name, memberCount: 1 });
  });

  it.each([
    ["the same name", (n: string) => n, "CONFLICT"],
    ["the same name in other case", (n: string) => n.toUpperCase(), "CONFLICT"],
    ["an empty name", () => "  ", "BAD_REQUEST"],
    ["a one-letter name", () => "X", "BAD_REQUEST"],
    ["a huge name", () => "o".repeat(101), "BAD_REQUEST"],
    ["a name with a line break", () => "Evil\r\nCorp", "BAD_REQUEST"],
    ["a name with a direction override", () => "\u202EproC", "BAD_REQUEST"],
  ])("refuses %s", async (_label, nameFor, code) => {
    const api = await caller((await user(["ADMIN"])).cookie);
    const name = `Fedora ${tag()}`;
    await api.users.organizations.create({ name });
    const count = await db.distributorOrganization.count();
    const error = await errorOf(api.users.organizations.create({ name: nameFor(name) }));
    expect(error.code).toBe(code);
    if (code === "CONFLICT") expect(error.message).toBe("An organisation with this name already exists.");
    expect(await db.distributorOrganization.count()).toBe(count);
  });

  it("keeps a SQL-looking name as text", async () => {
    const api = await caller((await user(["ADMIN"])).cookie);
    const name = `O'Brien"; DROP TABLE distributor_organizations;-- ${tag()}`;
    expect((await api.users.organizations.create({ name })).name).toBe(name);
  });
});

describe("the audit log", () => {
  it("still verifies after everything above", async () => {
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });
});
