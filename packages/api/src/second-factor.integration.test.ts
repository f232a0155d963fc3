import type { Db } from "@disclose/db";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptTotpSecret, totpCodeAt } from "./auth/totp";
import { createContext } from "./context";
import { authSecret } from "./env";
import { createAdminCaller } from "./root";
import { userWithSession } from "./test-support/sessions";
import { errorOf } from "./test-support/trpc-errors";

const ADMIN_URL = "http://localhost:3001";
const start = new Date("2026-11-24T12:00:00Z");

let test: TestDatabase;
let db: Db;
beforeAll(async () => {
  test = await createTestDatabase();
  db = test.db;
});
afterAll(() => test.drop());

const caller = async (cookie: string, now: Date, responseHeaders = new Headers()) =>
  createAdminCaller(
    await createContext({
      app: "admin",
      appUrl: ADMIN_URL,
      db,
      now,
      headers: new Headers({ cookie, origin: ADMIN_URL }),
      responseHeaders,
    }),
  );

/** The session cookie a response set (the new token once the second factor passes). */
function cookieSet(responseHeaders: Headers): string {
  const [set] = responseHeaders.getSetCookie();
  if (!set) throw new Error("no cookie was set");
  return set.split(";")[0] ?? "";
}

/**
 * Enrols an authenticator for a fresh signed-in user; returns its secret, recovery codes, and the user with the
 * session cookie issued when the factor passed.
 */
async function enrolled(now = start) {
  const signedIn = await userWithSession(db, ["PST_MEMBER"], { secondFactor: false, now });
  const responseHeaders = new Headers();
  const api = await caller(signedIn.cookie, now, responseHeaders);
  const { secretBase32 } = await api.auth.startTotpEnrollment();
  const { recoveryCodes } = await api.auth.confirmTotpEnrollment({ code: totpCodeAt(secretBase32, now) });
  const user = { ...signedIn, cookie: cookieSet(responseHeaders) };
  return { user, secretBase32, recoveryCodes };
}

/** A second session of the same user, not yet past the second factor. */
async function newSessionOf(userId: string, now: Date) {
  const other = await userWithSession(db, [], { secondFactor: false, now });
  await db.session.update({ where: { id: other.sessionId }, data: { userId } });
  return other.cookie;
}

describe("second factor", () => {
  it("keeps a signed-in session without it out of every staff procedure", async () => {
    const user = await userWithSession(db, ["PST_MEMBER"], { secondFactor: false, now: start });
    const api = await caller(user.cookie, start);
    expect(await errorOf(api.account.me())).toMatchObject({
      code: "UNAUTHORIZED",
      appCode: "SECOND_FACTOR_REQUIRED",
    });
    expect(await api.auth.status()).toMatchObject({ hasAuthenticator: false, secondFactorPassed: false });
  });

  it("enrols an authenticator, stores its secret encrypted and gives recovery codes once", async () => {
    const { user, secretBase32, recoveryCodes } = await enrolled();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const stored = await db.totpCredential.findUniqueOrThrow({ where: { userId: user.userId } });
    expect(stored.secretEncrypted).not.toContain(secretBase32);
    expect(decryptTotpSecret(stored.secretEncrypted, authSecret())).toBe(secretBase32);
    const hashes = await db.recoveryCode.findMany({ where: { userId: user.userId } });
    for (const code of recoveryCodes) expect(JSON.stringify(hashes)).not.toContain(code.replace("-", ""));
    // This session passed; staff procedures work now.
    expect(await (await caller(user.cookie, start)).account.me()).toMatchObject({ userId: user.userId });
    // A second enrolment is refused: the authenticator cannot be swapped by whoever holds a session.
    expect(await errorOf((await caller(user.cookie, start)).auth.startTotpEnrollment())).toMatchObject({
      appCode: "CONFLICT",
    });
  });

  it("accepts a code once: a replayed code is refused", async () => {
    const { user, secretBase32 } = await enrolled();
    const later = new Date(start.getTime() + 60_000);
    const code = totpCodeAt(secretBase32, later);
    const first = await newSessionOf(user.userId, later);
    await (await caller(first, later)).auth.verifySecondFactor({ code });
    const second = await newSessionOf(user.userId, later);
    expect(await errorOf((await caller(second, later)).auth.verifySecondFactor({ code }))).toMatchObject({
      appCode: "BAD_INPUT",
    });
  });

  it("accepts each recovery code once", async () => {
    const { user, recoveryCodes } = await enrolled();
    const code = recoveryCodes[0] ?? "";
    const s1 = await newSessionOf(user.userId, start);
    expect(
      await (await caller(s1, start)).auth.verifySecondFactor({ code: ` ${code.toUpperCase()} ` }),
    ).toEqual({
      method: "recovery-code",
      recoveryCodesLeft: 9,
    });
    const s2 = await newSessionOf(user.userId, start);
    expect(await errorOf((await caller(s2, start)).auth.verifySecondFactor({ code }))).toMatchObject({
      appCode: "BAD_INPUT",
    });
  });

  it("throttles guessing: after a few wrong codes even the right one waits, and the wait grows", async () => {
    const { user, secretBase32 } = await enrolled();
    const cookie = await newSessionOf(user.userId, start);
    const wrong = ["000000", "123456", "999999", "abcdef-ghjk", "not a code"];
    let now = new Date(start.getTime() + 120_000);
    for (const code of wrong.slice(0, 4)) {
      expect(await errorOf((await caller(cookie, now)).auth.verifySecondFactor({ code }))).toMatchObject({
        appCode: "BAD_INPUT",
      });
    }
    const blocked = await errorOf(
      (await caller(cookie, now)).auth.verifySecondFactor({ code: totpCodeAt(secretBase32, now) }),
    );
    expect(blocked).toMatchObject({ code: "TOO_MANY_REQUESTS", appCode: "RATE_LIMITED" });
    expect(blocked.message).toMatch(/30 seconds/);
    // After the wait, one more wrong code doubles it.
    now = new Date(now.getTime() + 31_000);
    await errorOf((await caller(cookie, now)).auth.verifySecondFactor({ code: wrong[4] ?? "" }));
    const longer = await errorOf(
      (await caller(cookie, now)).auth.verifySecondFactor({ code: totpCodeAt(secretBase32, now) }),
    );
    expect(longer.message).toMatch(/60 seconds/);
    now = new Date(now.getTime() + 61_000);
    expect(
      await (await caller(cookie, now)).auth.verifySecondFactor({ code: totpCodeAt(secretBase32, now) }),
    ).toMatchObject({ method: "totp" });
    const failures = await db.auditEvent.count({
      where: { action: "auth.second_factor_failed", subjectId: user.userId },
    });
    expect(failures).toBe(5);
  });

  it("is not passed where no response can carry the new session cookie, and nothing is used up", async () => {
    const { user, recoveryCodes } = await enrolled();
    const cookie = await newSessionOf(user.userId, start);
    const serverSide = createAdminCaller(
      await createContext({
        app: "admin",
        appUrl: ADMIN_URL,
        db,
        now: start,
        headers: new Headers({ cookie, origin: ADMIN_URL }),
      }),
    );
    expect(await errorOf(serverSide.auth.verifySecondFactor({ code: recoveryCodes[0] ?? "" }))).toMatchObject(
      {
        code: "INTERNAL_SERVER_ERROR",
      },
    );
    expect(await (await caller(cookie, start)).auth.status()).toMatchObject({ secondFactorPassed: false });
    expect(await db.recoveryCode.count({ where: { userId: user.userId, usedAt: null } })).toBe(10);
  });

  it.each([
    ["empty", ""],
    ["too long", "1".repeat(200)],
    ["SQL", "' OR 1=1 --"],
    ["seven digits", "1234567"],
    ["unicode digits", "١٢٣٤٥٦"],
  ])("refuses a %s code with a clear error", async (_label, code) => {
    const { user } = await enrolled();
    const cookie = await newSessionOf(user.userId, start);
    const error = await errorOf((await caller(cookie, start)).auth.verifySecondFactor({ code }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message.length).toBeGreaterThan(0);
  });
});

describe("sessions", () => {
  it("sign out everywhere ends every session of the account at once", async () => {
    const { user } = await enrolled();
    const other = await newSessionOf(user.userId, start);
    await db.session.updateMany({ where: { userId: user.userId }, data: { secondFactorAt: start } });
    expect(await (await caller(user.cookie, start)).account.signOutEverywhere()).toEqual({
      sessionsEnded: 2,
    });
    for (const cookie of [user.cookie, other]) {
      expect(await errorOf((await caller(cookie, start)).account.me())).toMatchObject({
        appCode: "UNAUTHENTICATED",
      });
    }
  });

  it("an admin revokes another account's sessions; the next request is signed out", async () => {
    const admin = await userWithSession(db, ["ADMIN"], { now: start });
    const member = await userWithSession(db, ["PST_MEMBER"], { now: start });
    expect(await (await caller(member.cookie, start)).account.me()).toMatchObject({ userId: member.userId });
    expect(await (await caller(admin.cookie, start)).users.revokeSessions({ userId: member.userId })).toEqual(
      {
        sessionsEnded: 1,
      },
    );
    expect(await errorOf((await caller(member.cookie, start)).account.me())).toMatchObject({
      appCode: "UNAUTHENTICATED",
    });
    // Only admins may.
    const pst = await userWithSession(db, ["PST_MEMBER"], { now: start });
    expect(
      await errorOf((await caller(pst.cookie, start)).users.revokeSessions({ userId: admin.userId })),
    ).toMatchObject({
      appCode: "FORBIDDEN",
    });
  });

  it("stores only a hash of the session token", async () => {
    const user = await userWithSession(db, ["PST_MEMBER"], { now: start });
    const row = await db.session.findUniqueOrThrow({ where: { id: user.sessionId } });
    expect(row.sessionToken).not.toBe(user.token);
    expect(row.sessionToken).toMatch(/^[0-9a-f]{64}$/);
  });
});
