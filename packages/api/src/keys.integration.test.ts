// Staff OpenPGP keys: registration and rotation, retirement, who sees which key, and that private keys stay
// locked and with their owner.

import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  decryptWithLockedKey,
  encryptText,
  generateLockedKey,
  type TLockedKeyPair,
  unlocksWith,
} from "@disclose/crypto";
import { type Db, type Role, verifyAuditChain } from "@disclose/db";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "./context";
import { createAdminCaller } from "./root";
import { startGnuPG } from "./test-support/gnupg";
import { userWithSession } from "./test-support/sessions";
import { errorOf } from "./test-support/trpc-errors";
import { listPstKeys } from "./use-cases/keys/list-pst-keys";

const ADMIN_URL = "http://localhost:3001";
const PASS = "a long passphrase for tests";
// Real time: the keys are made now, and the server judges them at the request's time.
const now = new Date();

let test: TestDatabase;
let db: Db;
beforeAll(async () => {
  test = await createTestDatabase();
  db = test.db;
});
afterAll(() => test.drop());

const caller = async (cookie: string, options: { origin?: string | null; at?: Date } = {}) => {
  const origin = options.origin === undefined ? ADMIN_URL : options.origin;
  return createAdminCaller(
    await createContext({
      app: "admin",
      appUrl: ADMIN_URL,
      db,
      now: options.at ?? now,
      headers: new Headers({ cookie, ...(origin ? { origin } : {}) }),
    }),
  );
};

const newKey = (name = "Staff") => generateLockedKey({ name, email: "staff@example.test", passphrase: PASS });

/** A staff member (PST by default) who has registered a fresh key. */
async function memberWithKey(roles: Role[] = ["PST_MEMBER"]) {
  const user = await userWithSession(db, roles, { now });
  const key = await newKey();
  const api = await caller(user.cookie);
  const registered = await api.keys.register({
    armoredPublicKey: key.publicKey,
    lockedPrivateKey: key.lockedPrivateKey,
  });
  return { user, key, api, registered };
}

const auditCount = (action: string, subjectId?: string) =>
  db.auditEvent.count({ where: { action, ...(subjectId ? { subjectId } : {}) } });

const pstFingerprints = async () => (await listPstKeys({ db })).map((k) => k.fingerprint);

describe("registering a key", () => {
  it("stores a key made in the browser, still locked, and lists it as the owner's current key", async () => {
    const { user, key, api, registered } = await memberWithKey();
    expect(registered).toEqual({
      key: {
        id: expect.any(String),
        fingerprint: key.fingerprint,
        armoredPublicKey: expect.stringContaining("BEGIN PGP PUBLIC KEY BLOCK"),
        createdAt: now,
        retiredAt: null,
      },
      retired: [],
    });
    const row = await db.pgpKey.findUniqueOrThrow({ where: { fingerprint: key.fingerprint } });
    expect(row.userId).toBe(user.userId);
    // Still locked with the owner's passphrase, which the server never saw.
    expect(await unlocksWith({ lockedPrivateKey: row.lockedPrivateKey, passphrase: "" })).toBe(false);
    expect(await unlocksWith({ lockedPrivateKey: row.lockedPrivateKey, passphrase: PASS })).toBe(true);

    const mine = await api.keys.mine();
    expect(mine.current?.fingerprint).toBe(key.fingerprint);
    expect(mine.retired).toEqual([]);
    expect(mine.current).not.toHaveProperty("lockedPrivateKey");
    expect(await pstFingerprints()).toContain(key.fingerprint);
    expect(await api.keys.team()).toContainEqual(
      expect.objectContaining({ fingerprint: key.fingerprint, ownerName: expect.any(String), mine: true }),
    );
    expect(await auditCount("pgp_key.registered", registered.key.id)).toBe(1);
  });

  it("rotates: the old key is retired, new reports go to the new one, and the old one still decrypts", async () => {
    const { api, key: first, registered } = await memberWithKey();
    // A report sent while the first key was current.
    const ownKeys = (await listPstKeys({ db })).filter((k) => k.fingerprint === first.fingerprint);
    const oldReport = await encryptText(
      "report sent before the rotation",
      ownKeys.map((k) => k.armoredPublicKey),
    );

    const second = await newKey();
    const rotated = await api.keys.register({
      armoredPublicKey: second.publicKey,
      lockedPrivateKey: second.lockedPrivateKey,
    });
    expect(rotated.key.fingerprint).toBe(second.fingerprint);
    expect(rotated.retired).toEqual([
      expect.objectContaining({ fingerprint: first.fingerprint, retiredAt: now }),
    ]);

    const old = await db.pgpKey.findUniqueOrThrow({ where: { fingerprint: first.fingerprint } });
    expect(old.retiredAt).toEqual(now);
    const pst = await pstFingerprints();
    expect(pst).toContain(second.fingerprint);
    expect(pst).not.toContain(first.fingerprint);
    expect((await api.keys.team()).map((k) => k.fingerprint)).not.toContain(first.fingerprint);

    const mine = await api.keys.mine();
    expect(mine.current?.fingerprint).toBe(second.fingerprint);
    expect(mine.retired.map((k) => k.fingerprint)).toEqual([first.fingerprint]);

    // The owner's browser gets the retired key back, still locked, and reads the old report with it.
    const withPrivate = await api.keys.readLockedPrivateKeys();
    const retired = withPrivate.retired.find((k) => k.fingerprint === first.fingerprint);
    expect(retired).toBeDefined();
    expect(
      await decryptWithLockedKey({
        ciphertext: oldReport,
        lockedPrivateKey: retired?.lockedPrivateKey ?? "",
        passphrase: PASS,
      }),
    ).toBe("report sent before the rotation");

    expect(
      await db.auditEvent.findFirst({ where: { action: "pgp_key.retired", subjectId: registered.key.id } }),
    ).toMatchObject({ data: { fingerprint: first.fingerprint, replacedBy: second.fingerprint } });
  });

  it("leaves exactly one current key when two registrations race", async () => {
    const user = await userWithSession(db, ["PST_MEMBER"], { now });
    const [a, b] = await Promise.all([newKey(), newKey()]);
    const api = await caller(user.cookie);
    const results = await Promise.allSettled(
      [a, b].map((k) =>
        api.keys.register({ armoredPublicKey: k.publicKey, lockedPrivateKey: k.lockedPrivateKey }),
      ),
    );
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    expect(await db.pgpKey.count({ where: { userId: user.userId, retiredAt: null } })).toBe(1);
    expect(await db.pgpKey.count({ where: { userId: user.userId } })).toBe(2);
  });

  it("accepts a key made and locked by GnuPG 2.2, and GnuPG decrypts what reporters send to it", async () => {
    const user = await userWithSession(db, ["PST_MEMBER"], { now });
    const made = await gnupgKeyPair(PASS);
    const api = await caller(user.cookie);
    const { key } = await api.keys.register({
      armoredPublicKey: made.publicKey,
      lockedPrivateKey: made.privateKey,
    });
    const sent = await encryptText(
      "to a GnuPG-made key",
      (await listPstKeys({ db }))
        .filter((k) => k.fingerprint === key.fingerprint)
        .map((k) => k.armoredPublicKey),
    );
    const { current } = await api.keys.readLockedPrivateKeys();
    const lockedPrivateKey = current?.lockedPrivateKey ?? "";
    expect(await decryptWithLockedKey({ ciphertext: sent, lockedPrivateKey, passphrase: PASS })).toBe(
      "to a GnuPG-made key",
    );
    const gpg = await startGnuPG([{ lockedPrivateKey, passphrase: PASS }]);
    try {
      expect((await gpg.decrypt(sent)).toString("utf8")).toBe("to a GnuPG-made key");
    } finally {
      await gpg.close();
    }
  });

  it("stores keys made in the browser that GnuPG 2.2 can use", async () => {
    const { api } = await memberWithKey();
    const { current } = await api.keys.readLockedPrivateKeys();
    const sent = await encryptText("for GnuPG", [current?.armoredPublicKey ?? ""]);
    const gpg = await startGnuPG([{ lockedPrivateKey: current?.lockedPrivateKey ?? "", passphrase: PASS }]);
    try {
      expect((await gpg.decrypt(sent)).toString("utf8")).toBe("for GnuPG");
    } finally {
      await gpg.close();
    }
  });

  it("refuses a key registered before, by anyone, with a conflict", async () => {
    const { api, key, user } = await memberWithKey();
    const again = { armoredPublicKey: key.publicKey, lockedPrivateKey: key.lockedPrivateKey };
    expect(await errorOf(api.keys.register(again))).toMatchObject({
      appCode: "CONFLICT",
      message: expect.stringMatching(/registered this key before/),
    });
    const other = await userWithSession(db, ["PST_MEMBER"], { now });
    expect(await errorOf((await caller(other.cookie)).keys.register(again))).toMatchObject({
      appCode: "CONFLICT",
      message: expect.stringMatching(/another account/),
    });
    // A retired key does not come back either.
    const next = await newKey();
    await api.keys.register({ armoredPublicKey: next.publicKey, lockedPrivateKey: next.lockedPrivateKey });
    expect(await errorOf(api.keys.register(again))).toMatchObject({ appCode: "CONFLICT" });
    expect(await db.pgpKey.count({ where: { userId: user.userId, retiredAt: null } })).toBe(1);
    expect(await db.pgpKey.count({ where: { userId: other.userId } })).toBe(0);
  });

  it("gives the same key to one account only, even when two register it at once", async () => {
    const key = await newKey();
    const input = { armoredPublicKey: key.publicKey, lockedPrivateKey: key.lockedPrivateKey };
    const users = await Promise.all([1, 2].map(() => userWithSession(db, ["PST_MEMBER"], { now })));
    const apis = await Promise.all(users.map((u) => caller(u.cookie)));
    const results = await Promise.allSettled(apis.map((api) => api.keys.register(input)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected");
    expect(refused && (await errorOf(Promise.reject(refused.reason)))).toMatchObject({ appCode: "CONFLICT" });
    expect(await db.pgpKey.count({ where: { fingerprint: key.fingerprint } })).toBe(1);
  });

  describe("refuses what must not be stored, and stores nothing", () => {
    let staff: TLockedKeyPair;
    let other: TLockedKeyPair;
    let unlockedPrivateKey: string;
    let unlockedPublicKey: string;
    beforeAll(async () => {
      [staff, other] = await Promise.all([newKey(), newKey("Other")]);
      const unlocked = await gnupgKeyPair("");
      unlockedPublicKey = unlocked.publicKey;
      unlockedPrivateKey = unlocked.privateKey;
    });

    it.each([
      ["an unlocked private key", () => [unlockedPublicKey, unlockedPrivateKey], /not locked/],
      ["a mismatched pair", () => [staff.publicKey, other.lockedPrivateKey], /do not belong together/],
      [
        "the locked private key as the public one",
        () => [staff.lockedPrivateKey, staff.lockedPrivateKey],
        /holds a private key/,
      ],
      [
        "an unlocked private key as the public one",
        () => [unlockedPrivateKey, staff.lockedPrivateKey],
        /holds a private key/,
      ],
      ["the public key as the private one", () => [staff.publicKey, staff.publicKey], /holds a public key/],
      ["garbage", () => ["-----BEGIN PGP PUBLIC KEY BLOCK-----\nnope", "x"], /not an armored OpenPGP key/],
    ] as const)("refuses %s", async (_label, pair, reason) => {
      const user = await userWithSession(db, ["PST_MEMBER"], { now });
      const [armoredPublicKey = "", lockedPrivateKey = ""] = pair();
      const error = await errorOf(
        (await caller(user.cookie)).keys.register({ armoredPublicKey, lockedPrivateKey }),
      );
      expect(error).toMatchObject({ code: "BAD_REQUEST", appCode: "BAD_INPUT" });
      expect(error.message).toMatch(reason);
      expect(await db.pgpKey.count({ where: { userId: user.userId } })).toBe(0);
      expect(await db.auditEvent.count({ where: { actorId: user.userId } })).toBe(0);
    });

    it.each([
      ["empty fields", "", ""],
      ["a huge public key", "A".repeat(70_000), "x"],
      ["a huge private key", "x", "A".repeat(70_000)],
    ])("refuses %s before any key work", async (_label, armoredPublicKey, lockedPrivateKey) => {
      const user = await userWithSession(db, ["PST_MEMBER"], { now });
      const error = await errorOf(
        (await caller(user.cookie)).keys.register({ armoredPublicKey, lockedPrivateKey }),
      );
      expect(error.code).toBe("BAD_REQUEST");
      expect(await db.pgpKey.count({ where: { userId: user.userId } })).toBe(0);
    });

    it("keeps the current key when a rotation is refused", async () => {
      const { api, key } = await memberWithKey();
      await errorOf(
        api.keys.register({ armoredPublicKey: unlockedPublicKey, lockedPrivateKey: unlockedPrivateKey }),
      );
      expect((await api.keys.mine()).current?.fingerprint).toBe(key.fingerprint);
    });
  });
});

describe("retiring a key", () => {
  it("takes the owner's key out of use and keeps it for old reports", async () => {
    const { api, key, registered } = await memberWithKey();
    const retired = await api.keys.retire({ keyId: registered.key.id });
    expect(retired).toMatchObject({ fingerprint: key.fingerprint, retiredAt: now });
    expect(await pstFingerprints()).not.toContain(key.fingerprint);
    const mine = await api.keys.mine();
    expect(mine.current).toBeNull();
    expect(mine.retired.map((k) => k.fingerprint)).toEqual([key.fingerprint]);
    const row = await db.pgpKey.findUniqueOrThrow({ where: { id: registered.key.id } });
    expect(row.lockedPrivateKey.length).toBeGreaterThan(0);
    expect(await auditCount("pgp_key.retired", registered.key.id)).toBe(1);
    expect(await errorOf(api.keys.retire({ keyId: registered.key.id }))).toMatchObject({
      appCode: "CONFLICT",
    });
  });

  it("cannot retire someone else's key: it is not found, and stays current", async () => {
    const victim = await memberWithKey();
    const attacker = await userWithSession(db, ["PST_MEMBER", "ADMIN"], { now });
    const error = await errorOf(
      (await caller(attacker.cookie)).keys.retire({ keyId: victim.registered.key.id }),
    );
    expect(error).toMatchObject({ code: "NOT_FOUND", appCode: "NOT_FOUND" });
    const row = await db.pgpKey.findUniqueOrThrow({ where: { id: victim.registered.key.id } });
    expect(row.retiredAt).toBeNull();
    expect(await pstFingerprints()).toContain(victim.key.fingerprint);
  });

  it.each([
    ["not a uuid", "1 OR 1=1", "BAD_REQUEST"],
    ["empty", "", "BAD_REQUEST"],
    ["huge", "a".repeat(10_000), "BAD_REQUEST"],
    ["nobody's key", "5f0c8a1e-2b7d-4c7a-9d3e-8a1b2c3d4e5f", "NOT_FOUND"],
  ])("refuses a key id that is %s", async (_label, keyId, code) => {
    const user = await userWithSession(db, ["PST_MEMBER"], { now });
    const error = await errorOf((await caller(user.cookie)).keys.retire({ keyId }));
    expect(error.code).toBe(code);
  });
});

describe("whose keys reports go to", () => {
  it("lists only current keys of active PST members, for reporters and for the team alike", async () => {
    const active = await memberWithKey();
    const removed = await memberWithKey();
    const adminOnly = await memberWithKey(["ADMIN"]);
    await db.user.update({ where: { id: removed.user.userId }, data: { active: false } });

    const pst = await pstFingerprints();
    expect(pst).toContain(active.key.fingerprint);
    expect(pst).not.toContain(removed.key.fingerprint);
    expect(pst).not.toContain(adminOnly.key.fingerprint);

    // A PST member losing the role is out too.
    await db.userRole.deleteMany({ where: { userId: active.user.userId, role: "PST_MEMBER" } });
    expect(await pstFingerprints()).not.toContain(active.key.fingerprint);

    // The team list is the very set reporters encrypt to.
    const team = await adminOnly.api.keys.team();
    expect(team.map((k) => k.fingerprint).sort()).toEqual((await pstFingerprints()).sort());
    expect(team.every((k) => !k.mine)).toBe(true);
  });

  it("leaves out a key once it has expired: no browser is handed a key it cannot encrypt to", async () => {
    const member = await userWithSession(db, ["PST_MEMBER"], { now });
    const key = await generateLockedKey({
      name: "Expiring",
      passphrase: "a long passphrase",
      expiresInSeconds: 3600,
    });
    await db.pgpKey.create({
      data: {
        userId: member.userId,
        fingerprint: key.fingerprint,
        armoredPublicKey: key.publicKey,
        lockedPrivateKey: key.lockedPrivateKey,
      },
    });
    const at = (ms: number) => new Date(Date.now() + ms);
    expect((await listPstKeys({ db, now: at(0) })).map((k) => k.fingerprint)).toContain(key.fingerprint);
    expect((await listPstKeys({ db, now: at(2 * 3600_000) })).map((k) => k.fingerprint)).not.toContain(
      key.fingerprint,
    );
  });
});

describe("locked private keys", () => {
  it("hands them to their owner only, and audits every hand-out", async () => {
    const { api, registered, user } = await memberWithKey();
    const before = await auditCount("pgp_key.private_key_read", registered.key.id);
    await api.keys.mine();
    await api.keys.team();
    expect(await auditCount("pgp_key.private_key_read", registered.key.id)).toBe(before);

    const first = await api.keys.readLockedPrivateKeys();
    expect(first.current?.lockedPrivateKey).toContain("BEGIN PGP PRIVATE KEY BLOCK");
    await api.keys.readLockedPrivateKeys();
    const events = await db.auditEvent.findMany({
      where: { action: "pgp_key.private_key_read", subjectId: registered.key.id },
    });
    expect(events).toHaveLength(before + 2);
    expect(events.every((e) => e.actorId === user.userId)).toBe(true);
  });

  it("never puts another person's private key in any response", async () => {
    const owner = await memberWithKey();
    // From the stored text (re-armored on registration), and seen in the owner's own read: a real probe.
    const stored = await db.pgpKey.findUniqueOrThrow({ where: { id: owner.registered.key.id } });
    const ownerPrivateBody = privateBodyOf(stored.lockedPrivateKey);
    expect(superjson.stringify(await owner.api.keys.readLockedPrivateKeys())).toContain(ownerPrivateBody);
    const other = await memberWithKey();
    const responses: unknown[] = [
      owner.registered,
      other.registered,
      await other.api.keys.mine(),
      await other.api.keys.team(),
      await other.api.keys.readLockedPrivateKeys(),
      await other.api.keys.retire({ keyId: other.registered.key.id }),
      await other.api.keys.readLockedPrivateKeys(),
    ];
    await errorOf(other.api.keys.retire({ keyId: owner.registered.key.id })).then((e) => responses.push(e));
    for (const response of responses) {
      const text = superjson.stringify(response);
      expect(text).not.toContain(ownerPrivateBody);
    }
    // Outside the owner's own read, no response carries private material at all.
    for (const response of [owner.registered, await other.api.keys.team(), await other.api.keys.mine()]) {
      expect(superjson.stringify(response)).not.toContain("PRIVATE KEY");
    }
  });
});

describe("access", () => {
  it("refuses every procedure without a session or without the second factor", async () => {
    const signedOut = await caller("");
    const halfway = await userWithSession(db, ["PST_MEMBER"], { secondFactor: false, now });
    const notYet = await caller(halfway.cookie);
    const key = await newKey();
    const input = { armoredPublicKey: key.publicKey, lockedPrivateKey: key.lockedPrivateKey };
    const keyId = "5f0c8a1e-2b7d-4c7a-9d3e-8a1b2c3d4e5f";
    for (const [api, appCode] of [
      [signedOut, "UNAUTHENTICATED"],
      [notYet, "SECOND_FACTOR_REQUIRED"],
    ] as const) {
      for (const call of [
        api.keys.mine(),
        api.keys.team(),
        api.keys.readLockedPrivateKeys(),
        api.keys.register(input),
        api.keys.retire({ keyId }),
      ]) {
        expect(await errorOf(call)).toMatchObject({ code: "UNAUTHORIZED", appCode });
      }
    }
    expect(await db.pgpKey.count({ where: { fingerprint: key.fingerprint } })).toBe(0);
  });

  it("refuses a deactivated account, and cross-site writes and private-key reads", async () => {
    const { user, registered } = await memberWithKey();
    for (const origin of [null, "https://evil.example"]) {
      const api = await caller(user.cookie, { origin });
      for (const call of [api.keys.readLockedPrivateKeys(), api.keys.retire({ keyId: registered.key.id })]) {
        expect(await errorOf(call)).toMatchObject({ appCode: "CROSS_SITE_REQUEST" });
      }
    }
    expect(await auditCount("pgp_key.private_key_read", registered.key.id)).toBe(0);
    await db.user.update({ where: { id: user.userId }, data: { active: false } });
    expect(await errorOf((await caller(user.cookie)).keys.readLockedPrivateKeys())).toMatchObject({
      appCode: "UNAUTHENTICATED",
    });
  });

  it("keeps the audit chain intact", async () => {
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });
});

/** A distinctive line from the middle of an armored key, to find it in any serialisation. */
function privateBodyOf(armored: string): string {
  const lines = armored
    .trim()
    .split("\n")
    .filter((l) => /^[A-Za-z0-9+/=]{40,}$/.test(l));
  const line = lines[Math.floor(lines.length / 2)];
  if (!line) throw new Error("no body line");
  return line;
}

/**
 * An ed25519/cv25519 pair made by real GnuPG 2.2, as a staff member would import it. With an empty passphrase
 * GnuPG leaves the secret key unprotected: an unlocked private key, exactly what the server must refuse.
 */
async function gnupgKeyPair(passphrase: string): Promise<{ publicKey: string; privateKey: string }> {
  const home = await mkdtemp(join(tmpdir(), "disclose-keys-gnupg-"));
  const gpg = async (...args: string[]) =>
    (
      await promisify(execFile)(
        "gpg",
        ["--homedir", home, "--batch", "--no-tty", "--quiet", "--pinentry-mode", "loopback", ...args],
        { encoding: "utf8" },
      )
    ).stdout;
  try {
    await gpg(
      "--passphrase",
      passphrase,
      "--quick-gen-key",
      "Staff <staff@example.test>",
      "ed25519",
      "cert,sign",
      "never",
    );
    const fingerprint = (await gpg("--with-colons", "--list-keys")).match(/^fpr:+([0-9A-F]{40}):/m)?.[1];
    if (!fingerprint) throw new Error("GnuPG made no key");
    await gpg("--passphrase", passphrase, "--quick-add-key", fingerprint, "cv25519", "encr", "never");
    return {
      publicKey: await gpg("--armor", "--export", fingerprint),
      privateKey: await gpg("--passphrase", passphrase, "--armor", "--export-secret-keys", fingerprint),
    };
  } finally {
    await promisify(execFile)("gpgconf", ["--homedir", home, "--kill", "all"]).catch(() => {});
    await rm(home, { recursive: true, force: true });
  }
}
