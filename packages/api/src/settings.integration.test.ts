// Issue 9: the idle time after which a member's unlocked key locks in their browser tab, an admin setting.
import { type Db, type Role, verifyAuditChain } from "@disclose/db";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionInfo } from "./context";
import { createContext } from "./context";
import { createAdminCaller } from "./root";
import { userWithSession } from "./test-support/sessions";
import { errorOf } from "./test-support/trpc-errors";
import { updateSettings } from "./use-cases/settings/update-settings";

const ADMIN_URL = "http://localhost:3001";
const now = new Date("2026-11-30T09:00:00Z");

let t: TestDatabase;
let db: Db;
beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
}, 120_000);
afterAll(() => t?.drop());

const caller = async (cookie: string | null) =>
  createAdminCaller(
    await createContext({
      app: "admin",
      appUrl: ADMIN_URL,
      db,
      now,
      headers: new Headers({ origin: ADMIN_URL, ...(cookie ? { cookie } : {}) }),
    }),
  );
const signedIn = async (roles: Role[]) => caller((await userWithSession(db, roles, { now })).cookie);
const settingsEvents = () =>
  db.auditEvent.findMany({ where: { action: "settings.updated" }, orderBy: { seq: "asc" } });

describe("the unlock idle time", () => {
  it("is 15 minutes on a fresh deployment, and every signed-in member can read it", async () => {
    for (const roles of [[], ["PST_MEMBER"], ["ADMIN"], ["DISTRIBUTOR_MEMBER"]] as Role[][]) {
      const api = await signedIn(roles);
      expect(await api.cases.settings()).toMatchObject({ ackDeadlineHours: 48, unlockIdleMinutes: 15 });
    }
  });

  it("is not readable without a session, or before the second factor", async () => {
    expect((await errorOf((await caller(null)).cases.settings())).code).toBe("UNAUTHORIZED");
    const halfway = await userWithSession(db, ["PST_MEMBER"], { now, secondFactor: false });
    expect((await errorOf((await caller(halfway.cookie)).cases.settings())).code).toMatch(
      /UNAUTHORIZED|FORBIDDEN/,
    );
  });

  it("an admin changes it alone, leaving the acknowledgement clock as it was; audited with before and after", async () => {
    const admin = await signedIn(["ADMIN"]);
    const before = (await settingsEvents()).length;
    expect(await admin.cases.updateSettings({ unlockIdleMinutes: 30 })).toEqual({
      ackDeadlineHours: 48,
      unlockIdleMinutes: 30,
      reporterDataRetentionDays: 90,
      projectName: "",
      publicMetrics: false,
    });
    expect(await (await signedIn(["PST_MEMBER"])).cases.settings()).toMatchObject({
      ackDeadlineHours: 48,
      unlockIdleMinutes: 30,
      mayChange: false,
    });
    const events = await settingsEvents();
    expect(events).toHaveLength(before + 1);
    expect(events.at(-1)?.data).toEqual({ unlockIdleMinutes: { from: 15, to: 30 } });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it("changes with the acknowledgement clock in one call, and the clock alone keeps the idle time", async () => {
    const admin = await signedIn(["ADMIN"]);
    expect(await admin.cases.updateSettings({ ackDeadlineHours: 24, unlockIdleMinutes: 480 })).toEqual({
      ackDeadlineHours: 24,
      unlockIdleMinutes: 480,
      reporterDataRetentionDays: 90,
      projectName: "",
      publicMetrics: false,
    });
    expect((await settingsEvents()).at(-1)?.data).toEqual({
      ackDeadlineHours: { from: 48, to: 24 },
      unlockIdleMinutes: { from: 30, to: 480 },
    });
    expect(await admin.cases.updateSettings({ ackDeadlineHours: 48 })).toEqual({
      ackDeadlineHours: 48,
      unlockIdleMinutes: 480,
      reporterDataRetentionDays: 90,
      projectName: "",
      publicMetrics: false,
    });
    expect((await settingsEvents()).at(-1)?.data).toEqual({ ackDeadlineHours: { from: 24, to: 48 } });
    await admin.cases.updateSettings({ unlockIdleMinutes: 1 });
    expect((await admin.cases.settings()).unlockIdleMinutes).toBe(1);
  });

  it.each([
    ["zero", 0, /at least 1 idle minute/],
    ["a negative number", -5, /at least 1 idle minute/],
    ["more than 8 hours", 481, /at most 480 idle minutes/],
    ["a fraction", 2.5, /whole minutes/],
    ["text", "15", /whole minutes/],
    ["not a number", Number.NaN, /whole minutes/],
    ["infinity", Number.POSITIVE_INFINITY, /whole minutes|at most 480/],
  ])("refuses %s with a clear message and changes nothing", async (_label, value, message) => {
    const admin = await signedIn(["ADMIN"]);
    const [settings, events] = [await admin.cases.settings(), (await settingsEvents()).length];
    const error = await errorOf(admin.cases.updateSettings({ unlockIdleMinutes: value as number }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(message);
    expect(await admin.cases.settings()).toEqual(settings);
    expect(await settingsEvents()).toHaveLength(events);
  });

  it("refuses an empty change", async () => {
    const error = await errorOf((await signedIn(["ADMIN"])).cases.updateSettings({}));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/Nothing to change/);
  });

  it.each([
    ["a PST member", ["PST_MEMBER"]],
    ["a distributor", ["DISTRIBUTOR_MEMBER"]],
    ["a member without a role", []],
  ] as [string, Role[]][])("refuses %s, who may not change it", async (_label, roles) => {
    const api = await signedIn(roles);
    const before = await api.cases.settings();
    const error = await errorOf(api.cases.updateSettings({ unlockIdleMinutes: 60 }));
    expect(error.code).toBe("FORBIDDEN");
    expect(await api.cases.settings()).toEqual(before);
  });

  it("the database itself refuses a value outside 1–480", async () => {
    await expect(db.settings.update({ where: { id: 1 }, data: { unlockIdleMinutes: 0 } })).rejects.toThrow();
    await expect(
      db.settings.update({ where: { id: 1 }, data: { unlockIdleMinutes: 481 } }),
    ).rejects.toThrow();
  });
});

describe("how long reporters' personal data is kept", () => {
  it("is 90 days on a fresh deployment; an admin changes it alone, audited with before and after", async () => {
    const admin = await signedIn(["ADMIN"]);
    expect((await admin.cases.settings()).reporterDataRetentionDays).toBe(90);
    const { mayChange: _mayChange, ...before } = await admin.cases.settings();
    const result = await admin.cases.updateSettings({ reporterDataRetentionDays: 30 });
    expect(result).toEqual({ ...before, reporterDataRetentionDays: 30 });
    expect((await settingsEvents()).at(-1)?.data).toEqual({
      reporterDataRetentionDays: { from: 90, to: 30 },
    });
    await admin.cases.updateSettings({ reporterDataRetentionDays: 90 });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it.each([
    ["zero", 0],
    ["a negative number", -90],
    ["more than 10 years", 3651],
    ["a fraction", 1.5],
    ["text", "90"],
    ["not a number", Number.NaN],
    ["infinity", Number.POSITIVE_INFINITY],
    ["null", null],
  ])("refuses %s with a clear message and changes nothing", async (_label, value) => {
    const admin = await signedIn(["ADMIN"]);
    const [settings, events] = [await admin.cases.settings(), (await settingsEvents()).length];
    const error = await errorOf(admin.cases.updateSettings({ reporterDataRetentionDays: value as number }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/Enter a whole number of days from 1 to 3650/);
    expect(await admin.cases.settings()).toEqual(settings);
    expect(await settingsEvents()).toHaveLength(events);
  });

  it("refuses a PST member, who may not change it", async () => {
    const api = await signedIn(["PST_MEMBER"]);
    const error = await errorOf(api.cases.updateSettings({ reporterDataRetentionDays: 1 }));
    expect(error.code).toBe("FORBIDDEN");
    expect((await api.cases.settings()).reporterDataRetentionDays).toBe(90);
  });

  it("the database itself refuses a value outside 1–3650", async () => {
    for (const days of [0, 3651]) {
      await expect(
        db.settings.update({ where: { id: 1 }, data: { reporterDataRetentionDays: days } }),
      ).rejects.toThrow();
    }
  });
});

describe("the project's name", () => {
  const hundred = "P".repeat(100);

  it("is empty on a fresh deployment, and every signed-in member can read it", async () => {
    for (const roles of [[], ["PST_MEMBER"], ["ADMIN"], ["DISTRIBUTOR_MEMBER"]] as Role[][]) {
      expect((await (await signedIn(roles)).cases.settings()).projectName).toBe("");
    }
  });

  it("an admin sets it alone (trimmed), changes and clears it; each change audited with before and after", async () => {
    const admin = await signedIn(["ADMIN"]);
    const { mayChange: _mayChange, ...before } = await admin.cases.settings();
    expect(await admin.cases.updateSettings({ projectName: "  CoreDNS  " })).toEqual({
      ...before,
      projectName: "CoreDNS",
    });
    expect((await (await signedIn(["PST_MEMBER"])).cases.settings()).projectName).toBe("CoreDNS");
    expect((await settingsEvents()).at(-1)?.data).toEqual({ projectName: { from: "", to: "CoreDNS" } });

    // With another setting in one call; the other settings keep their values.
    expect(
      await admin.cases.updateSettings({ projectName: "Ærø DNS — ünïcode ✓", ackDeadlineHours: 24 }),
    ).toEqual({ ...before, ackDeadlineHours: 24, projectName: "Ærø DNS — ünïcode ✓" });
    expect((await settingsEvents()).at(-1)?.data).toEqual({
      ackDeadlineHours: { from: 48, to: 24 },
      projectName: { from: "CoreDNS", to: "Ærø DNS — ünïcode ✓" },
    });
    await admin.cases.updateSettings({ ackDeadlineHours: 48 });

    // 100 characters is the most; spaces around them are trimmed first.
    expect((await admin.cases.updateSettings({ projectName: `  ${hundred}\t ` })).projectName).toBe(hundred);

    // Empty clears it; so does a blank one (it is trimmed to empty).
    expect((await admin.cases.updateSettings({ projectName: "" })).projectName).toBe("");
    expect((await settingsEvents()).at(-1)?.data).toEqual({ projectName: { from: hundred, to: "" } });
    await admin.cases.updateSettings({ projectName: "CoreDNS" });
    expect((await admin.cases.updateSettings({ projectName: "   " })).projectName).toBe("");
    expect((await admin.cases.settings()).projectName).toBe("");
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it.each([
    ["101 characters", "P".repeat(101), /at most 100 characters/],
    // NUL is refused before any procedure sees its input.
    ["a NUL", "Core\u0000DNS", /control characters|NUL characters/],
    ["a line feed inside", "Core\nDNS", /control characters/],
    ["an escape sequence", "Core\u001b[31mDNS", /control characters/],
    ["a C1 control", "Core\u0085DNS", /control characters/],
    ["a right-to-left override", "Core\u202eSND", /control characters/],
    ["a bidi isolate", "Core\u2066DNS\u2069", /control characters/],
    ["a zero-width space", "Core\u200bDNS", /control characters/],
    // Inside the name: at its ends, trim() takes a BOM off like a space.
    ["a byte-order mark", "Core\ufeffDNS", /control characters/],
    ["a backtick (it would end the notice's code span)", "Core`DNS", /backticks/],
    ["a number", 42, /project's name as text|expected string/i],
    ["null", null, /project's name as text|expected string/i],
    ["an object", { name: "CoreDNS" }, /project's name as text|expected string/i],
  ])("refuses %s with a clear message and changes nothing", async (_label, value, message) => {
    const admin = await signedIn(["ADMIN"]);
    await admin.cases.updateSettings({ projectName: "CoreDNS" });
    const [settings, events] = [await admin.cases.settings(), (await settingsEvents()).length];
    const error = await errorOf(admin.cases.updateSettings({ projectName: value as string }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(message);
    expect(await admin.cases.settings()).toEqual(settings);
    expect(await settingsEvents()).toHaveLength(events);
  });

  it("the use-case checks it too, for callers that bypass the router's input", async () => {
    const user = await userWithSession(db, ["ADMIN"], { now });
    const session: SessionInfo = {
      sessionId: user.sessionId,
      userId: user.userId,
      email: user.email,
      name: null,
      roles: ["ADMIN"],
      secondFactorPassed: true,
      distributor: null,
    };
    const before = (await db.settings.findUniqueOrThrow({ where: { id: 1 } })).projectName;
    for (const [value, message] of [
      ["Core\u202eSND", /control characters/],
      ["P".repeat(101), /at most 100 characters/],
      ["a`b", /backticks/],
    ] as const) {
      await expect(updateSettings({ db, session, projectName: value, now })).rejects.toMatchObject({
        message: expect.stringMatching(message),
        details: { field: "projectName" },
      });
    }
    expect((await db.settings.findUniqueOrThrow({ where: { id: 1 } })).projectName).toBe(before);
  });

  it("refuses a PST member, who may not change it", async () => {
    const api = await signedIn(["PST_MEMBER"]);
    const before = (await api.cases.settings()).projectName;
    const error = await errorOf(api.cases.updateSettings({ projectName: "Hijacked" }));
    expect(error.code).toBe("FORBIDDEN");
    expect((await api.cases.settings()).projectName).toBe(before);
  });

  it("the database itself refuses more than 100 characters", async () => {
    await expect(
      db.settings.update({ where: { id: 1 }, data: { projectName: "P".repeat(101) } }),
    ).rejects.toThrow();
    await db.settings.update({ where: { id: 1 }, data: { projectName: hundred } });
    await db.settings.update({ where: { id: 1 }, data: { projectName: "" } });
  });
});
