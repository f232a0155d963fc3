import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type Db, verifyAuditChain } from "@disclose/db";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashSessionToken, newSessionToken } from "./auth/session-token";
import {
  decryptTotpSecret,
  encryptTotpSecret,
  hashRecoveryCode,
  newTotpSecret,
  openTotpSecret,
  type TTotpKeys,
  totpCodeAt,
} from "./auth/totp";
import type { SessionInfo } from "./context";
import { AppError } from "./errors";
import { userWithSession } from "./test-support/sessions";
import { confirmTotpEnrollment } from "./use-cases/auth/confirm-totp-enrollment";
import { NO_PREVIOUS_SECRET, rotateTotpSecrets } from "./use-cases/auth/rotate-totp-secrets";
import { verifySecondFactor } from "./use-cases/auth/verify-second-factor";

// The secret the accounts enrolled under, and the one that replaces it.
const OLD = "old-auth-secret-".padEnd(44, "o");
const NEW = "new-auth-secret-".padEnd(44, "n");
const ROTATING: TTotpKeys = { current: NEW, previous: OLD };
const ROTATED: TTotpKeys = { current: NEW, previous: null };
const start = new Date("2026-11-30T09:00:00Z");
/** A later time step for each sign-in, so no code is a replay of an earlier one. */
const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);

let test: TestDatabase;
let db: Db;
beforeAll(async () => {
  test = await createTestDatabase();
  db = test.db;
});
afterAll(() => test.drop());

interface Account {
  userId: string;
  secretBase32: string;
  recoveryCode: string;
}

/** An account that enrolled its authenticator before the rotation, under OLD (confirmed unless told otherwise). */
async function enrolledUnderOld({ confirmed = true } = {}): Promise<Account> {
  const user = await userWithSession(db, ["PST_MEMBER"], { secondFactor: false, now: start });
  const { secretBase32 } = newTotpSecret(user.email, "Disclose");
  await db.totpCredential.create({
    data: {
      userId: user.userId,
      secretEncrypted: encryptTotpSecret(secretBase32, OLD),
      confirmedAt: confirmed ? start : null,
    },
  });
  const recoveryCode = `rcv${user.userId.slice(-7)}`.toLowerCase().replace(/[^a-z0-9]/g, "z");
  await db.recoveryCode.create({ data: { userId: user.userId, codeHash: hashRecoveryCode(recoveryCode) } });
  return { userId: user.userId, secretBase32, recoveryCode };
}

/** A new session of `userId` that has not passed the second factor, as the use-cases see it. */
async function newSession(userId: string, now: Date): Promise<SessionInfo> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  const session = await db.session.create({
    data: {
      sessionToken: hashSessionToken(newSessionToken()),
      userId,
      expires: new Date(now.getTime() + 3600_000),
    },
  });
  return {
    sessionId: session.id,
    userId,
    email: user.email,
    name: user.name,
    roles: ["PST_MEMBER"],
    secondFactorPassed: false,
    distributor: null,
  };
}

async function signIn(account: Account, secrets: TTotpKeys, now: Date, code?: string) {
  return verifySecondFactor({
    db,
    session: await newSession(account.userId, now),
    code: code ?? totpCodeAt(account.secretBase32, now),
    now,
    secrets,
  });
}

async function stored(userId: string): Promise<string> {
  return (await db.totpCredential.findUniqueOrThrow({ where: { userId } })).secretEncrypted;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("rotating AUTH_SECRET", () => {
  let signsInFirst: Account;
  let waits: Account;
  let alsoWaits: Account;
  let enrolling: Account;
  let tampered: Account;

  beforeAll(async () => {
    signsInFirst = await enrolledUnderOld();
    waits = await enrolledUnderOld();
    alsoWaits = await enrolledUnderOld();
    enrolling = await enrolledUnderOld({ confirmed: false });
    tampered = await enrolledUnderOld();
    // One byte of its ciphertext changed: it opens with no secret at all.
    const raw = Buffer.from((await stored(tampered.userId)).slice(3), "base64url");
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 0xff;
    await db.totpCredential.update({
      where: { userId: tampered.userId },
      data: { secretEncrypted: `v1.${raw.toString("base64url")}` },
    });
  });

  it("without the previous secret, an old authenticator is unreadable: a clear refusal, not a wrong code", async () => {
    const error = await rejection(signIn(waits, ROTATED, at(1)));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/recovery codes/) });
    const user = await db.user.findUniqueOrThrow({ where: { id: waits.userId } });
    expect(user.secondFactorFailures).toBe(0);
    expect(decryptTotpSecret(await stored(waits.userId), OLD)).toBe(waits.secretBase32);
  });

  it("with AUTH_SECRET_PREVIOUS, a sign-in with an old-key authenticator works and re-encrypts it", async () => {
    const before = await stored(signsInFirst.userId);
    // A wrong code changes nothing.
    await expect(signIn(signsInFirst, ROTATING, at(2), "000000")).rejects.toMatchObject({
      code: "BAD_INPUT",
    });
    expect(await stored(signsInFirst.userId)).toBe(before);
    await db.user.update({ where: { id: signsInFirst.userId }, data: { secondFactorFailures: 0 } });

    expect(await signIn(signsInFirst, ROTATING, at(3))).toMatchObject({ method: "totp" });
    const after = await stored(signsInFirst.userId);
    expect(after).not.toBe(before);
    expect(openTotpSecret(after, ROTATED)).toEqual({
      secretBase32: signsInFirst.secretBase32,
      under: "current",
    });
    expect(() => decryptTotpSecret(after, OLD)).toThrow();
  });

  it("refuses to rotate without AUTH_SECRET_PREVIOUS, or with it equal to AUTH_SECRET, changing nothing", async () => {
    const before = await db.totpCredential.findMany({ orderBy: { userId: "asc" } });
    await expect(rotateTotpSecrets({ db, secrets: ROTATED, now: at(4) })).rejects.toThrow(NO_PREVIOUS_SECRET);
    await expect(
      rotateTotpSecrets({ db, secrets: { current: NEW, previous: NEW }, now: at(4) }),
    ).rejects.toThrow(/same as AUTH_SECRET/);
    expect(await db.totpCredential.findMany({ orderBy: { userId: "asc" } })).toEqual(before);
  });

  it("re-encrypts every authenticator still under the previous secret, reports the unreadable one, audits counts", async () => {
    const result = await rotateTotpSecrets({ db, secrets: ROTATING, now: at(5) });
    expect(result).toEqual({ reEncrypted: 3, alreadyCurrent: 1, unreadableUserIds: [tampered.userId] });
    for (const account of [signsInFirst, waits, alsoWaits, enrolling]) {
      expect(decryptTotpSecret(await stored(account.userId), NEW)).toBe(account.secretBase32);
    }
    const event = await db.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    expect(event).toMatchObject({
      actorKind: "system",
      action: "auth.totp_secrets_rotated",
      subjectType: "system",
      data: { reEncrypted: 3, alreadyCurrent: 1, unreadable: 1 },
    });
    // Counts only: no address, no user id.
    expect(JSON.stringify(event.data)).not.toMatch(/@|u-|test/);
    expect(JSON.stringify(event.data)).not.toContain(tampered.userId);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });

    // Running it again finds nothing to do.
    expect(await rotateTotpSecrets({ db, secrets: ROTATING, now: at(6) })).toEqual({
      reEncrypted: 0,
      alreadyCurrent: 4,
      unreadableUserIds: [tampered.userId],
    });
  });

  it("after it, without AUTH_SECRET_PREVIOUS, every account still passes the second factor", async () => {
    for (const [i, account] of [signsInFirst, waits, alsoWaits].entries()) {
      expect(await signIn(account, ROTATED, at(10 + i))).toMatchObject({ method: "totp" });
    }
    // The enrolment that was under way finishes too.
    const now = at(20);
    const confirmed = await confirmTotpEnrollment({
      db,
      session: await newSession(enrolling.userId, now),
      code: totpCodeAt(enrolling.secretBase32, now),
      now,
      secrets: ROTATED,
    });
    expect(confirmed.recoveryCodes).toHaveLength(10);
  });

  it("the tampered authenticator is refused clearly; that account's recovery code still works", async () => {
    await expect(signIn(tampered, ROTATED, at(30))).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(signIn(tampered, ROTATING, at(31))).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await signIn(tampered, ROTATED, at(32), tampered.recoveryCode)).toMatchObject({
      method: "recovery-code",
    });
  });

  it("a sign-in during the rotation waits for it and passes (the rows are locked, not overwritten)", async () => {
    const late = await enrolledUnderOld();
    const now = at(40);
    const [rotation, signedIn] = await Promise.all([
      rotateTotpSecrets({ db, secrets: ROTATING, now }),
      signIn(late, ROTATING, now),
    ]);
    expect(signedIn).toMatchObject({ method: "totp" });
    expect(rotation.unreadableUserIds).toEqual([tampered.userId]);
    expect(decryptTotpSecret(await stored(late.userId), NEW)).toBe(late.secretBase32);
  });

  it("pnpm auth:rotate does the same as the app role, prints counts and the unreadable ones by id only", async () => {
    const another = await enrolledUnderOld();
    const anotherEmail = (await db.user.findUniqueOrThrow({ where: { id: another.userId } })).email;
    const run = promisify(execFile);
    const failed = await run(process.execPath, ["--import", "tsx", "src/cli/rotate-auth-secret.ts"], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      env: {
        NODE_ENV: "test",
        PATH: process.env.PATH ?? "",
        DATABASE_URL: test.appUrl,
        AUTH_SECRET: NEW,
        AUTH_SECRET_PREVIOUS: OLD,
      },
    }).then(
      () => null,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    // Exit status 1: done, but one authenticator opens with neither secret.
    expect(failed?.code).toBe(1);
    const output = `${failed?.stdout}${failed?.stderr}`;
    expect(output).toMatch(/re-encrypted under AUTH_SECRET: +1\n/);
    expect(output).toMatch(/already under AUTH_SECRET: +5\n/);
    expect(output).toMatch(/unreadable with either secret: +1\n/);
    expect(output).toContain(`user ${tampered.userId}`);
    expect(output).not.toContain("@");
    expect(output).not.toContain(anotherEmail);
    expect(output).not.toContain(NEW);
    expect(decryptTotpSecret(await stored(another.userId), NEW)).toBe(another.secretBase32);
    expect(await signIn(another, ROTATED, at(50))).toMatchObject({ method: "totp" });
  });
});
