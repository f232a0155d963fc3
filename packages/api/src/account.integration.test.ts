import { rewrapGrantTarget, unlockPrivateKey } from "@disclose/crypto";
import { appendAuditEvent, type Db } from "@disclose/db";
import { getDemoPrivateKeys, seedDemo } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { installJobQueue } from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totpCodeAt } from "./auth/totp";
import { USER_AGENT_MAX_CHARS } from "./context";
import { adminCallerAs, cookieSet } from "./test-support/admin-caller";
import { generateTestKey } from "./test-support/keys";
import { submitTestReport } from "./test-support/reports";
import { sessionFor, userWithSession } from "./test-support/sessions";
import { recordSql } from "./test-support/sql-recorder";
import { errorOf } from "./test-support/trpc-errors";
import { listPstKeys } from "./use-cases/keys/list-pst-keys";

const start = new Date("2026-11-24T12:00:00Z");
const minutes = (n: number) => new Date(start.getTime() + n * 60_000);

const CHROME_LINUX =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

let test: TestDatabase;
let db: Db;
beforeAll(async () => {
  test = await createTestDatabase();
  db = test.db;
});
afterAll(() => test.drop());

interface TFrom {
  userAgent?: string;
  address?: string;
}

const caller = (cookie: string, now: Date, from: TFrom = {}, responseHeaders = new Headers()) =>
  adminCallerAs(db, { cookie }, { now, userAgent: from.userAgent, clientIp: from.address, responseHeaders });

/** A PST member who set up an authenticator from Chrome on Linux; the cookie of the session that passed. */
async function enrolled(now = start) {
  const signedIn = await userWithSession(db, ["PST_MEMBER"], { secondFactor: false, now });
  const from = { userAgent: CHROME_LINUX, address: "203.0.113.7" };
  const responseHeaders = new Headers();
  const api = await caller(signedIn.cookie, now, from, responseHeaders);
  const { secretBase32 } = await api.auth.startTotpEnrollment();
  const { recoveryCodes } = await api.auth.confirmTotpEnrollment({ code: totpCodeAt(secretBase32, now) });
  return { user: { ...signedIn, cookie: cookieSet(responseHeaders) }, secretBase32, recoveryCodes, from };
}

/** A new session of the same user that has not passed the second factor yet. */
async function newSessionOf(email: string, now: Date) {
  return (await sessionFor(db, email, { now, secondFactor: false })).cookie;
}

describe("sessions on the account page", () => {
  it("lists each session with its device, address and last use, this one first", async () => {
    const user = await userWithSession(db, ["PST_MEMBER"], { now: start });
    const other = await sessionFor(db, user.email, { now: start });
    await (
      await caller(other.cookie, minutes(1), { userAgent: FIREFOX_WINDOWS, address: "198.51.100.2" })
    ).account.me();
    const sessions = await (
      await caller(user.cookie, minutes(2), { userAgent: CHROME_LINUX, address: "::ffff:203.0.113.7" })
    ).account.sessions();
    expect(sessions).toEqual([
      {
        id: user.sessionId,
        device: "Chrome 131 on Linux",
        createdAt: expect.any(Date),
        createdFrom: "203.0.113.7",
        lastSeenAt: minutes(2),
        secondFactorPassed: true,
        current: true,
      },
      {
        id: other.sessionId,
        device: "Firefox 133 on Windows",
        createdAt: expect.any(Date),
        createdFrom: "198.51.100.2",
        lastSeenAt: minutes(1),
        secondFactorPassed: true,
        current: false,
      },
    ]);
  });

  it("writes last seen at most once in five minutes, and never replaces the device it was made with", async () => {
    const user = await userWithSession(db, ["PST_MEMBER"], { now: start });
    const row = () => db.session.findUniqueOrThrow({ where: { id: user.sessionId } });
    await (
      await caller(user.cookie, start, { userAgent: CHROME_LINUX, address: "203.0.113.7" })
    ).account.me();
    expect(await row()).toMatchObject({
      lastSeenAt: start,
      userAgent: CHROME_LINUX,
      createdIp: "203.0.113.7",
    });
    // Within the window a request does not even send an UPDATE.
    const statements = await recordSql(db, async () =>
      (await caller(user.cookie, minutes(1), { userAgent: CHROME_LINUX })).account.me(),
    );
    expect(statements.filter((sql) => /^UPDATE\b/i.test(sql))).toEqual([]);
    for (const at of [minutes(1), minutes(4), minutes(4.99)]) {
      await (
        await caller(user.cookie, at, { userAgent: FIREFOX_WINDOWS, address: "198.51.100.9" })
      ).account.me();
      expect(await row()).toMatchObject({
        lastSeenAt: start,
        userAgent: CHROME_LINUX,
        createdIp: "203.0.113.7",
      });
    }
    const past = await recordSql(db, async () =>
      (await caller(user.cookie, minutes(6), { userAgent: FIREFOX_WINDOWS })).account.me(),
    );
    expect(past.filter((sql) => /^UPDATE\b/i.test(sql))).toHaveLength(1);
    expect(await row()).toMatchObject({
      lastSeenAt: minutes(6),
      userAgent: CHROME_LINUX,
      createdIp: "203.0.113.7",
    });
  });

  it("many requests arriving together all pass and leave last seen fresh", async () => {
    const user = await userWithSession(db, ["PST_MEMBER"], { now: start });
    await (await caller(user.cookie, start, { userAgent: CHROME_LINUX })).account.me();
    const apis = await Promise.all(
      Array.from({ length: 8 }, (_, i) => caller(user.cookie, new Date(minutes(10).getTime() + i))),
    );
    await Promise.all(apis.map((api) => api.account.me()));
    const { lastSeenAt } = await db.session.findUniqueOrThrow({ where: { id: user.sessionId } });
    // Whichever wrote, the others' UPDATE found it fresh (the condition is in the UPDATE itself).
    expect(lastSeenAt?.getTime()).toBeGreaterThanOrEqual(minutes(10).getTime());
    expect(lastSeenAt?.getTime()).toBeLessThan(minutes(10).getTime() + 8);
  });

  it("keeps only the first 512 characters of a User-Agent, and names junk an unknown browser", async () => {
    const user = await userWithSession(db, ["PST_MEMBER"], { now: start });
    const huge = `<script>alert(1)</script>/1.0 (${"x".repeat(100_000)}`;
    const sessions = await (await caller(user.cookie, start, { userAgent: huge })).account.sessions();
    expect(sessions[0]).toMatchObject({ device: "Unknown browser", createdFrom: null });
    const { userAgent } = await db.session.findUniqueOrThrow({ where: { id: user.sessionId } });
    expect(userAgent).toHaveLength(USER_AGENT_MAX_CHARS);
  });

  it("the session that passes the second factor keeps the device and address it was made with", async () => {
    const { user } = await enrolled();
    const rows = await db.session.findMany({ where: { userId: user.userId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      userAgent: CHROME_LINUX,
      createdIp: "203.0.113.7",
      lastSeenAt: start,
      secondFactorAt: start,
    });
  });

  it("ends one's own other session: its cookie opens nothing, and the end is audited", async () => {
    const user = await userWithSession(db, ["PST_MEMBER"], { now: start });
    const other = await sessionFor(db, user.email, { now: start });
    await (
      await caller(other.cookie, start, { userAgent: FIREFOX_WINDOWS, address: "198.51.100.2" })
    ).account.me();
    expect(
      await (await caller(user.cookie, minutes(1))).account.endSession({ sessionId: other.sessionId }),
    ).toEqual({ ended: true, wasCurrent: false });
    expect(await errorOf((await caller(other.cookie, minutes(1))).account.me())).toMatchObject({
      appCode: "UNAUTHENTICATED",
    });
    // This session goes on.
    expect(await (await caller(user.cookie, minutes(1))).account.me()).toMatchObject({ userId: user.userId });
    const events = await (await caller(user.cookie, minutes(1))).account.securityEvents();
    expect(events[0]).toMatchObject({
      action: "session.ended",
      label: "Ended a session from the account page",
      device: "Firefox 133 on Windows",
      address: "198.51.100.2",
      byOther: null,
    });
    // Ended already: not found the second time.
    expect(
      await errorOf(
        (await caller(user.cookie, minutes(2))).account.endSession({ sessionId: other.sessionId }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
  });

  it("ends the current session when asked: the same cookie is signed out", async () => {
    const user = await userWithSession(db, ["PST_MEMBER"], { now: start });
    expect(
      await (await caller(user.cookie, start)).account.endSession({ sessionId: user.sessionId }),
    ).toEqual({ ended: true, wasCurrent: true });
    expect(await errorOf((await caller(user.cookie, start)).account.sessions())).toMatchObject({
      appCode: "UNAUTHENTICATED",
    });
  });

  it("refuses another person's session id and leaves that session alive", async () => {
    const me = await userWithSession(db, ["PST_MEMBER"], { now: start });
    const someone = await userWithSession(db, ["ADMIN"], { now: start });
    expect(
      await errorOf((await caller(me.cookie, start)).account.endSession({ sessionId: someone.sessionId })),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(await (await caller(someone.cookie, start)).account.me()).toMatchObject({
      userId: someone.userId,
    });
    // Nor does it show up in my list, nor my end of it in theirs.
    const mine = await (await caller(me.cookie, start)).account.sessions();
    expect(mine.map((s) => s.id)).toEqual([me.sessionId]);
    expect(
      await db.auditEvent.count({ where: { action: "session.ended", subjectId: someone.sessionId } }),
    ).toBe(0);
  });

  it("lists no expired session", async () => {
    const user = await userWithSession(db, ["PST_MEMBER"], { now: start });
    const old = await sessionFor(db, user.email, { now: start, expires: minutes(1) });
    const list = await (await caller(user.cookie, minutes(2))).account.sessions();
    expect(list.map((s) => s.id)).not.toContain(old.sessionId);
  });
});

describe("security events", () => {
  it("shows sign-in, second factor and key changes of this person, and not other people's", async () => {
    const { user, secretBase32 } = await enrolled();
    const someone = await enrolled();
    // As next-auth records a sign-in with an emailed link.
    await db.$transaction((tx) =>
      appendAuditEvent(tx, {
        actorId: user.userId,
        actorKind: "user",
        action: "session.signed_in",
        subjectType: "user",
        subjectId: user.userId,
        data: { method: "email-link" },
        occurredAt: minutes(1),
      }),
    );
    const second = await newSessionOf(user.email, minutes(1));
    await errorOf((await caller(second, minutes(1))).auth.verifySecondFactor({ code: "000000" }));
    await (await caller(second, minutes(2), {}, new Headers())).auth.verifySecondFactor({
      code: totpCodeAt(secretBase32, minutes(2)),
    });
    const api = await caller(user.cookie, minutes(3));
    const key = await generateTestKey({ name: "Me", email: user.email, passphrase: "a long passphrase" });
    await api.keys.register({ armoredPublicKey: key.publicKey, lockedPrivateKey: key.lockedPrivateKey });
    await api.keys.readLockedPrivateKeys();

    const events = await (await caller(user.cookie, minutes(4))).account.securityEvents();
    expect(events.map((e) => e.action)).toEqual([
      "pgp_key.registered",
      "auth.second_factor_passed",
      "auth.second_factor_failed",
      "session.signed_in",
      "auth.second_factor_passed",
      "auth.totp_enrolled",
    ]);
    expect(events.map((e) => e.label)).toEqual([
      "OpenPGP key added",
      "Second factor passed with the authenticator app",
      "Wrong second-factor code",
      "Signed in with an emailed link",
      "Second factor passed with the authenticator app",
      "Authenticator app set up",
    ]);
    // The first session passed in Chrome on Linux and is still there: its device is known.
    expect(events.at(-2)).toMatchObject({ device: "Chrome 131 on Linux", address: "203.0.113.7" });
    // Nothing of the other person's, nor a locked private key's read (its owner decrypting, not a change).
    const text = JSON.stringify(events);
    expect(text).not.toContain(someone.user.userId);
    expect(text).not.toContain("private_key_read");
    // The other person sees theirs only.
    const theirs = await (await caller(someone.user.cookie, minutes(4))).account.securityEvents();
    expect(theirs.map((e) => e.action)).toEqual(["auth.second_factor_passed", "auth.totp_enrolled"]);
  });

  it("names the admin who ended this person's sessions", async () => {
    const admin = await userWithSession(db, ["ADMIN"], { now: start });
    const member = await userWithSession(db, ["PST_MEMBER"], { now: start });
    await (await caller(admin.cookie, start)).users.revokeSessions({ userId: member.userId });
    const again = await sessionFor(db, member.email, { now: start });
    const [event] = await (await caller(again.cookie, minutes(1))).account.securityEvents();
    const adminRow = await db.user.findUniqueOrThrow({ where: { id: admin.userId } });
    expect(event).toMatchObject({
      action: "session.revoked_by_admin",
      label: "An admin ended all your sessions",
      byOther: adminRow.name,
    });
  });

  it("shows an approval of this person's recovery with its approver, and not the approvals they gave others", async () => {
    const approver = await userWithSession(db, ["ADMIN"], { now: start });
    const member = await userWithSession(db, ["PST_MEMBER"], { now: start });
    const audit = (actorId: string, subjectId: string) =>
      db.$transaction((tx) =>
        appendAuditEvent(tx, {
          actorId,
          actorKind: "user",
          action: "recovery.approved",
          subjectType: "user",
          subjectId,
          data: { capacity: "ADMIN" },
          occurredAt: start,
        }),
      );
    await audit(approver.userId, member.userId);
    // The member approving someone else's: that is the other person's event, not the member's.
    await audit(member.userId, approver.userId);
    const events = await (await caller(member.cookie, start)).account.securityEvents();
    const approverRow = await db.user.findUniqueOrThrow({ where: { id: approver.userId } });
    expect(events).toEqual([
      expect.objectContaining({ label: "Account recovery approved", byOther: approverRow.name }),
    ]);
  });

  it("shows at most the last 50", async () => {
    const user = await userWithSession(db, ["PST_MEMBER"], { now: start });
    await db.$transaction(async (tx) => {
      for (let i = 0; i < 60; i++) {
        await appendAuditEvent(tx, {
          actorId: user.userId,
          actorKind: "user",
          action: "auth.second_factor_failed",
          subjectType: "user",
          subjectId: user.userId,
          data: { failures: i },
          occurredAt: start,
        });
      }
    });
    const events = await (await caller(user.cookie, start)).account.securityEvents();
    expect(events).toHaveLength(50);
  });
});

describe("second factors and new recovery codes", () => {
  it("summarises the authenticator, recovery codes left and passkeys", async () => {
    const { user, recoveryCodes } = await enrolled();
    const second = await newSessionOf(user.email, start);
    await (await caller(second, start, {}, new Headers())).auth.verifySecondFactor({
      code: recoveryCodes[0] ?? "",
    });
    expect(await (await caller(user.cookie, start)).account.secondFactors()).toEqual({
      authenticatorConfirmedAt: start,
      recoveryCodesLeft: 9,
      recoveryCodesTotal: 10,
      passkeys: 0,
    });
  });

  it("makes a fresh set for a right authenticator code; the old codes stop working and the new ones work", async () => {
    const { user, secretBase32, recoveryCodes: old } = await enrolled();
    const api = await caller(user.cookie, minutes(1));
    expect(await errorOf(api.account.newRecoveryCodes({ code: "000000" }))).toMatchObject({
      code: "BAD_REQUEST",
      appCode: "BAD_INPUT",
    });
    const code = totpCodeAt(secretBase32, minutes(1));
    const { recoveryCodes } = await api.account.newRecoveryCodes({ code });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set([...recoveryCodes, ...old]).size).toBe(20);
    // The same authenticator code again: used once already.
    expect(
      await errorOf((await caller(user.cookie, minutes(1))).account.newRecoveryCodes({ code })),
    ).toMatchObject({
      appCode: "BAD_INPUT",
    });
    expect(await (await caller(user.cookie, minutes(1))).account.secondFactors()).toMatchObject({
      recoveryCodesLeft: 10,
    });

    const s1 = await newSessionOf(user.email, minutes(2));
    expect(
      await errorOf(
        (await caller(s1, minutes(2), {}, new Headers())).auth.verifySecondFactor({ code: old[1] ?? "" }),
      ),
    ).toMatchObject({ appCode: "BAD_INPUT" });
    expect(
      await (await caller(s1, minutes(2), {}, new Headers())).auth.verifySecondFactor({
        code: recoveryCodes[0] ?? "",
      }),
    ).toEqual({ method: "recovery-code", recoveryCodesLeft: 9 });

    const events = await (await caller(user.cookie, minutes(3))).account.securityEvents();
    expect(events[0]).toMatchObject({
      action: "auth.second_factor_passed",
      label: "Second factor passed with a recovery code",
    });
    // Made in the session that set up the authenticator (Chrome on Linux), which is still there.
    expect(events.find((e) => e.action === "auth.recovery_codes_renewed")).toMatchObject({
      label: "New recovery codes made (the old ones stopped working)",
      device: "Chrome 131 on Linux",
      address: "203.0.113.7",
    });
    const renewed = await db.auditEvent.findFirstOrThrow({
      where: { action: "auth.recovery_codes_renewed", subjectId: user.userId },
    });
    expect(JSON.stringify(renewed.data)).not.toContain(recoveryCodes[0]?.replace("-", "") ?? "-");
  });

  it("throttles wrong codes exactly like the second factor: after a few, even the right one waits", async () => {
    const { user, secretBase32 } = await enrolled();
    const now = minutes(2);
    for (const code of ["000000", "123456", "999999", "111111"]) {
      expect(
        await errorOf((await caller(user.cookie, now)).account.newRecoveryCodes({ code })),
      ).toMatchObject({ appCode: "BAD_INPUT" });
    }
    const blocked = await errorOf(
      (await caller(user.cookie, now)).account.newRecoveryCodes({ code: totpCodeAt(secretBase32, now) }),
    );
    expect(blocked).toMatchObject({ code: "TOO_MANY_REQUESTS", appCode: "RATE_LIMITED" });
    // The second factor waits too: the count is the account's, whichever form the guesses came through.
    const other = await newSessionOf(user.email, now);
    expect(
      await errorOf(
        (await caller(other, now, {}, new Headers())).auth.verifySecondFactor({
          code: totpCodeAt(secretBase32, now),
        }),
      ),
    ).toMatchObject({ appCode: "RATE_LIMITED" });
    expect(await db.recoveryCode.count({ where: { userId: user.userId, usedAt: null } })).toBe(10);
    // After the wait, a right code works and starts the count again.
    const later = minutes(3);
    expect(
      (
        await (
          await caller(user.cookie, later)
        ).account.newRecoveryCodes({ code: totpCodeAt(secretBase32, later) })
      ).recoveryCodes,
    ).toHaveLength(10);
    expect(await db.user.findUniqueOrThrow({ where: { id: user.userId } })).toMatchObject({
      secondFactorFailures: 0,
      secondFactorBlockedUntil: null,
    });
  });

  it("needs an authenticator: an account without one is told to set it up", async () => {
    const user = await userWithSession(db, ["PST_MEMBER"], { now: start });
    expect(
      await errorOf((await caller(user.cookie, start)).account.newRecoveryCodes({ code: "123456" })),
    ).toMatchObject({ appCode: "CONFLICT" });
  });
});

describe("the keys summary", () => {
  it("counts the open cases waiting for a new key until a reader's browser grants them", async () => {
    await installJobQueue(test.url);
    await seedDemo(db);
    // The demo's keys are made on the wall clock: this test runs on it too.
    const now = new Date();
    const pst1 = await sessionFor(db, "pst1@demo.disclose.test", { now });
    const demoKey = (await getDemoPrivateKeys(db)).find((k) => k.email === "pst1@demo.disclose.test");
    const pst1Keys = [await unlockPrivateKey(demoKey?.lockedPrivateKey ?? "", demoKey?.passphrase ?? "")];
    const member = await userWithSession(db, ["PST_MEMBER"], { now });
    const register = async (name: string) => {
      const key = await generateTestKey({ name, passphrase: "a long passphrase" });
      await (await caller(member.cookie, now)).keys.register({
        armoredPublicKey: key.publicKey,
        lockedPrivateKey: key.lockedPrivateKey,
      });
    };
    const waiting = async () => (await (await caller(member.cookie, now)).account.casesAwaitingMyKey()).cases;

    await register("First key");
    // Sent to every current PST key, the member's first one included: nothing to wait for.
    await submitTestReport(db, { pstKeys: await listPstKeys({ db, now }), now });
    expect(await waiting()).toBe(0);
    // A forgotten passphrase: a new key, which nothing was encrypted to yet.
    await register("Second key");
    expect(await waiting()).toBe(1);
    // A PST member's browser re-wraps what it can for everyone waiting; the server only stores it.
    const api = await caller(pst1.cookie, now);
    for (;;) {
      const work = await api.grants.work({ limit: 200 });
      if (work.length === 0) break;
      const grants = [];
      for (const target of work) grants.push(...(await rewrapGrantTarget(target, pst1Keys)));
      if ((await api.grants.complete({ grants })).stored === 0) break;
    }
    expect(await waiting()).toBe(0);
    // An admin without the PST role holds no cases: nothing waits for them.
    // Nor for a distributor member (they get copies, never grants); the demo engineer has nothing waiting.
    for (const email of [
      "admin@demo.disclose.test",
      "distributor@demo.disclose.test",
      "fixer@demo.disclose.test",
    ]) {
      const other = await sessionFor(db, email, { now });
      expect(await (await caller(other.cookie, now)).account.casesAwaitingMyKey()).toEqual({ cases: 0 });
    }
  }, 120_000);
});

describe("hostile input", () => {
  it.each([
    ["empty", ""],
    ["NUL", "abc\u0000def"],
    ["huge", "a".repeat(100_000)],
    ["a path", "../../etc/passwd"],
    ["SQL", "' OR 1=1 --"],
    ["a uuid", "00000000-0000-4000-8000-000000000000"],
    ["upper case", "CKABCDEF"],
    ["emoji", "🙂"],
  ])("endSession refuses %s as bad input, never a server error", async (_label, sessionId) => {
    const user = await userWithSession(db, ["PST_MEMBER"], { now: start });
    const error = await errorOf((await caller(user.cookie, start)).account.endSession({ sessionId }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message.length).toBeGreaterThan(0);
    expect(await db.session.count({ where: { userId: user.userId } })).toBe(1);
  });

  it.each([
    ["empty", ""],
    ["NUL", "123\u0000456"],
    ["huge", "1".repeat(100_000)],
    ["a recovery code", "abcde-fghjk"],
    ["SQL", "' OR 1=1 --"],
    ["unicode digits", "١٢٣٤٥٦"],
  ])("newRecoveryCodes refuses %s as bad input, never a server error", async (_label, code) => {
    const { user } = await enrolled();
    const error = await errorOf((await caller(user.cookie, minutes(1))).account.newRecoveryCodes({ code }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(await db.recoveryCode.count({ where: { userId: user.userId, usedAt: null } })).toBe(10);
  });

  it("refuses a wrong type of input as bad input", async () => {
    const user = await userWithSession(db, ["PST_MEMBER"], { now: start });
    const api = await caller(user.cookie, start);
    for (const input of [{ sessionId: 42 }, { sessionId: null }, {}, { sessionId: ["x"] }]) {
      expect(await errorOf(api.account.endSession(input as never))).toMatchObject({ code: "BAD_REQUEST" });
    }
  });
});
