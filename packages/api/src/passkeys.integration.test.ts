import type { Db } from "@disclose/db";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { installJobQueue } from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminCallerAs } from "./test-support/admin-caller";
import { sessionFor, userWithSession } from "./test-support/sessions";
import { softAuthenticator } from "./test-support/soft-authenticator";
import { errorOf } from "./test-support/trpc-errors";

const start = new Date("2026-11-30T12:00:00Z");
const minutes = (n: number) => new Date(start.getTime() + n * 60_000);

let test: TestDatabase;
let db: Db;
beforeAll(async () => {
  test = await createTestDatabase();
  db = test.db;
  await installJobQueue(test.url);
});
afterAll(() => test.drop());

const caller = (cookie: string | null, now: Date, responseHeaders = new Headers(), clientIp = "192.0.2.1") =>
  adminCallerAs(db, cookie ? { cookie } : null, { now, responseHeaders, clientIp });

const authenticator = () => softAuthenticator({ origin: "http://localhost:3001", rpID: "localhost" });

/** A PST member past the second factor with one passkey registered (named `name`). */
async function withPasskey(name = "YubiKey", now = start) {
  const user = await userWithSession(db, ["PST_MEMBER"], { now });
  const api = await caller(user.cookie, now);
  const key = authenticator();
  const options = await api.passkeys.startRegistration();
  const mine = await api.passkeys.finishRegistration({ name, response: key.register(options) });
  return { user, api, key, mine };
}

/** A new session of `email` waiting on the second factor, and a caller for it that keeps response cookies. */
async function waitingSession(email: string, now = start) {
  const session = await sessionFor(db, email, { secondFactor: false, now });
  const headers = new Headers();
  return { session, headers, api: await caller(session.cookie, now, headers) };
}

describe("passkeys", () => {
  it("registers a passkey made for this site, audits it and tells the person by email", async () => {
    const { user, mine } = await withPasskey("Work laptop");
    expect(mine.passkeys).toEqual([
      { id: expect.any(String), name: "Work laptop", synced: false, createdAt: start, lastUsedAt: null },
    ]);
    expect(mine.signInWithPasskey).toBe(false);
    const audit = await db.auditEvent.findMany({
      where: { subjectId: user.userId, action: "auth.passkey_added" },
    });
    expect(audit).toHaveLength(1);
    const mail = await db.outboxMessage.findMany({ where: { toAddress: user.email } });
    expect(mail.map((m) => m.subject)).toContain("A change to how you sign in to Disclose");
  });

  it("refuses an answer replayed, made for another origin, or to a challenge of another session", async () => {
    const user = await userWithSession(db, ["PST_MEMBER"], { now: start });
    const api = await caller(user.cookie, start);
    const key = authenticator();
    const options = await api.passkeys.startRegistration();
    const answer = key.register(options);
    const phishing = key.register(await api.passkeys.startRegistration(), {
      from: "http://localhost.evil.test",
    });
    expect(
      await errorOf(api.passkeys.finishRegistration({ name: "Phished", response: phishing })),
    ).toMatchObject({
      code: "BAD_REQUEST",
    });
    const other = await userWithSession(db, ["PST_MEMBER"], { now: start });
    const otherApi = await caller(other.cookie, start);
    expect(
      await errorOf(otherApi.passkeys.finishRegistration({ name: "Stolen", response: answer })),
    ).toMatchObject({
      code: "CONFLICT",
    });
    await api.passkeys.finishRegistration({ name: "Mine", response: answer });
    expect(await errorOf(api.passkeys.finishRegistration({ name: "Again", response: answer }))).toMatchObject(
      {
        code: "CONFLICT",
      },
    );
    expect((await api.passkeys.mine()).passkeys.map((p) => p.name)).toEqual(["Mine"]);
    expect(await db.passkeyCredential.count({ where: { userId: other.userId } })).toBe(0);
  });

  it("refuses an expired challenge", async () => {
    const user = await userWithSession(db, ["PST_MEMBER"], { now: start, expires: minutes(600) });
    const key = authenticator();
    const options = await (await caller(user.cookie, start)).passkeys.startRegistration();
    const later = await caller(user.cookie, minutes(6));
    expect(
      await errorOf(later.passkeys.finishRegistration({ name: "Slow", response: key.register(options) })),
    ).toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("expired"),
    });
  });

  it("passes the second factor with a passkey, with a new session token", async () => {
    const { user, key } = await withPasskey();
    const waiting = await waitingSession(user.email, minutes(1));
    expect(await waiting.api.auth.status()).toMatchObject({ hasPasskey: true, secondFactorPassed: false });
    const options = await waiting.api.auth.passkeyOptions();
    expect(options.allowCredentials?.map((c) => c.id)).toEqual([key.credentialId]);
    await waiting.api.auth.verifyPasskey({ response: key.authenticate(options) });
    const cookie = waiting.headers.getSetCookie()[0]?.split(";")[0] ?? "";
    expect(cookie).not.toBe(waiting.session.cookie);
    const passed = await caller(cookie, minutes(1));
    expect((await passed.account.me()).userId).toBe(user.userId);
    // The token used before the second factor opens nothing any more.
    expect(await errorOf((await caller(waiting.session.cookie, minutes(1))).account.me())).toMatchObject({
      code: "UNAUTHORIZED",
    });
    const used = await db.passkeyCredential.findFirstOrThrow({ where: { userId: user.userId } });
    expect(used.lastUsedAt).toEqual(minutes(1));
    expect(used.counter).toBe(1n);
  });

  it("does not accept another person's passkey, a clone's counter, or an answer for another site", async () => {
    const alice = await withPasskey("Alice's key");
    const bob = await withPasskey("Bob's key");
    const waiting = await waitingSession(alice.user.email, minutes(1));
    const bad = [
      bob.key.authenticate(await waiting.api.auth.passkeyOptions()),
      alice.key.authenticate(await waiting.api.auth.passkeyOptions(), { from: "http://evil.test" }),
    ];
    // Alice's key signs in once elsewhere (its counter is now 1), then a copy answers with the counter at 0.
    const elsewhere = await waitingSession(alice.user.email, minutes(1));
    const options = await elsewhere.api.auth.passkeyOptions();
    await elsewhere.api.auth.verifyPasskey({ response: alice.key.authenticate(options) });
    bad.push(alice.key.authenticate(await waiting.api.auth.passkeyOptions(), { counterStep: -1 }));
    for (const response of bad) {
      expect(await errorOf(waiting.api.auth.verifyPasskey({ response }))).toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringContaining("passkey was not accepted"),
      });
    }
    const user = await db.user.findUniqueOrThrow({ where: { id: alice.user.userId } });
    expect(user.secondFactorFailures).toBe(3);
    const failed = await db.auditEvent.count({
      where: { subjectId: alice.user.userId, action: "auth.second_factor_failed" },
    });
    expect(failed).toBe(3);
  });

  it("is throttled like the authenticator app: after a flood of wrong codes even a good passkey waits", async () => {
    const { user, key } = await withPasskey();
    const waiting = await waitingSession(user.email, minutes(1));
    const codes: string[] = [];
    for (let i = 0; i < 12; i++) {
      const error = await errorOf(waiting.api.auth.verifySecondFactor({ code: "000000" }));
      codes.push(error.code);
    }
    expect(codes).toContain("TOO_MANY_REQUESTS");
    const options = await waiting.api.auth.passkeyOptions();
    expect(
      await errorOf(waiting.api.auth.verifyPasskey({ response: key.authenticate(options) })),
    ).toMatchObject({
      code: "TOO_MANY_REQUESTS",
    });
    expect(
      (await db.session.findUniqueOrThrow({ where: { id: waiting.session.sessionId } })).secondFactorAt,
    ).toBeNull();
  });

  it("signs in with a passkey alone only when the person chose it, with user verification", async () => {
    const { user, api, key } = await withPasskey();
    const anonymous = async (headers = new Headers(), ip = "192.0.2.10") =>
      caller(null, minutes(2), headers, ip);
    const tryIt = async (options: { verified?: boolean } = {}, ip?: string) => {
      const headers = new Headers();
      const a = await anonymous(headers, ip);
      const challenge = await a.auth.passkeySignInOptions();
      expect(challenge.userVerification).toBe("required");
      const result = await errorOf(
        a.auth.signInWithPasskey({ response: key.authenticate(challenge, options) }),
      ).catch(() => null);
      return { result, cookie: headers.getSetCookie()[0]?.split(";")[0] ?? null };
    };
    // Off by default.
    expect((await tryIt()).result).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("emailed link"),
    });
    await api.passkeys.setSignIn({ enabled: true });
    // Without user verification (no PIN, no fingerprint) a passkey is one factor: refused.
    expect((await tryIt({ verified: false })).result).toMatchObject({ code: "BAD_REQUEST" });
    const headers = new Headers();
    const a = await anonymous(headers, "192.0.2.11");
    await a.auth.signInWithPasskey({ response: key.authenticate(await a.auth.passkeySignInOptions()) });
    const cookie = headers.getSetCookie()[0]?.split(";")[0] ?? "";
    const me = await (await caller(cookie, minutes(2))).account.me();
    expect(me.userId).toBe(user.userId);
    const signIns = await db.auditEvent.findMany({
      where: { subjectId: user.userId, action: "session.signed_in" },
    });
    expect(signIns.map((e) => (e.data as { method: string }).method)).toEqual(["passkey"]);
    // A deactivated account signs in with nothing.
    await db.user.update({ where: { id: user.userId }, data: { active: false } });
    expect((await tryIt({}, "192.0.2.12")).result).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("throttles passkey sign-in attempts per address", async () => {
    const codes: string[] = [];
    for (let i = 0; i < 25; i++) {
      const error = await errorOf(
        (await caller(null, minutes(3), new Headers(), "198.51.100.7")).auth.passkeySignInOptions(),
      ).catch(() => null);
      codes.push(error?.code ?? "ok");
    }
    expect(codes.slice(0, 20).every((c) => c === "ok")).toBe(true);
    expect(codes.at(-1)).toBe("TOO_MANY_REQUESTS");
  });

  it("renames and removes only the caller's own passkeys; removing the last switches passkey sign-in off", async () => {
    const alice = await withPasskey("Old name");
    const bob = await withPasskey("Bob's");
    const alicesId = alice.mine.passkeys[0]?.id ?? "";
    expect(await errorOf(bob.api.passkeys.rename({ passkeyId: alicesId, name: "Mine now" }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await errorOf(bob.api.passkeys.remove({ passkeyId: alicesId }))).toMatchObject({
      code: "NOT_FOUND",
    });
    expect(
      (await alice.api.passkeys.rename({ passkeyId: alicesId, name: "  New name " })).passkeys[0]?.name,
    ).toBe("New name");
    await alice.api.passkeys.setSignIn({ enabled: true });
    const after = await alice.api.passkeys.remove({ passkeyId: alicesId });
    expect(after).toEqual({ passkeys: [], signInWithPasskey: false });
    expect(await errorOf(alice.api.passkeys.setSignIn({ enabled: true }))).toMatchObject({
      code: "CONFLICT",
    });
    const actions = (
      await db.auditEvent.findMany({ where: { subjectId: alice.user.userId }, orderBy: { seq: "asc" } })
    )
      .map((e) => e.action)
      .filter((a) => a.startsWith("auth.passkey"));
    expect(actions).toEqual([
      "auth.passkey_added",
      "auth.passkey_renamed",
      "auth.passkey_sign_in_on",
      "auth.passkey_removed",
      "auth.passkey_sign_in_off",
    ]);
    expect(await db.passkeyCredential.count({ where: { userId: bob.user.userId } })).toBe(1);
  });

  it.each([
    ["a name that is empty", { name: "   " }],
    ["a name too long", { name: "x".repeat(65) }],
    ["an id that is not base64url", { id: "not base64!" }],
    ["an id far too long", { id: "A".repeat(5000) }],
    ["a NUL in the name", { name: "Key\u0000" }],
    ["an unknown transport", { transports: ["carrier-pigeon"] }],
    ["another type", { type: "password" }],
  ])("refuses %s with a clear message", async (_label, change) => {
    const user = await userWithSession(db, ["PST_MEMBER"], { now: start });
    const api = await caller(user.cookie, start);
    const answer = authenticator().register(await api.passkeys.startRegistration());
    const { name, transports, ...top } = change as { name?: string; transports?: string[] };
    const response = {
      ...answer,
      ...top,
      response: { ...answer.response, ...(transports ? { transports } : {}) },
    };
    const error = await errorOf(api.passkeys.finishRegistration({ name: name ?? "Key", response } as never));
    expect(error.code).toBe("BAD_REQUEST");
    expect(await db.passkeyCredential.count({ where: { userId: user.userId } })).toBe(0);
  });
});
