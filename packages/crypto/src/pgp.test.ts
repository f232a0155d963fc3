import {
  armor,
  decryptKey,
  encryptKey,
  enums,
  generateKey,
  config as openpgpDefaults,
  type PrivateKey,
  readKey,
  readPrivateKey,
  revokeKey,
  type SecretKeyPacket,
  type SecretSubkeyPacket,
} from "openpgp";
import { beforeAll, describe, expect, it } from "vitest";
import { REPORT_LIMITS } from "./limits";
import {
  ARMORED_STAFF_KEY_MAX_CHARS,
  checkReporterKeyPair,
  checkStaffKeyPair,
  createReporterKey,
  decryptBytesWithLockedKey,
  decryptWithLockedKey,
  encryptBytes,
  encryptionKeyIdsOfKey,
  encryptionKeyIdsOfMessage,
  encryptText,
  fingerprintOf,
  generateLockedKey,
  isArmoredPgpMessage,
  isBinaryPgpMessage,
  isKeySecret,
  keyExpiresAt,
  type TLockedKeyPair,
  unlocksWith,
} from "./pgp";
import { ZReportContent } from "./report-content";

let pst: TLockedKeyPair;
let reporter: TLockedKeyPair & { keySecret: string };
let armored: string;

beforeAll(async () => {
  pst = await generateLockedKey({ name: "PST", passphrase: "pst passphrase" });
  reporter = await createReporterKey();
  armored = await encryptText("hello PST", [pst.publicKey]);
});

describe("keys", () => {
  it("tells when a key expires, and that a key without an expiry never does", async () => {
    const expiring = await generateLockedKey({ name: "E", passphrase: "p", expiresInSeconds: 3600 });
    const expires = await keyExpiresAt(expiring.publicKey);
    expect(expires).toBeInstanceOf(Date);
    expect(Math.abs((expires?.getTime() ?? 0) - Date.now() - 3600_000)).toBeLessThan(60_000);
    expect(await keyExpiresAt(pst.publicKey)).toBeNull();
    await expect(keyExpiresAt("not a key")).rejects.toThrow();
  });

  it("makes reporter keys locked with a 256-bit secret that only unlocks with it", async () => {
    expect(isKeySecret(reporter.keySecret)).toBe(true);
    expect(reporter.fingerprint).toMatch(/^[0-9A-F]{40}$/);
    expect(await fingerprintOf(reporter.publicKey)).toBe(reporter.fingerprint);
    const reply = await encryptText("from the PST", [reporter.publicKey]);
    expect(
      await decryptWithLockedKey({
        ciphertext: reply,
        lockedPrivateKey: reporter.lockedPrivateKey,
        passphrase: reporter.keySecret,
      }),
    ).toBe("from the PST");
    await expect(
      decryptWithLockedKey({
        ciphertext: reply,
        lockedPrivateKey: reporter.lockedPrivateKey,
        passphrase: "x",
      }),
    ).rejects.toThrow();
  });

  it("checks a reporter key pair", async () => {
    expect(await checkReporterKeyPair(reporter)).toEqual({
      ok: true,
      fingerprint: reporter.fingerprint,
      encryptionKeyIds: await encryptionKeyIdsOfKey(reporter.publicKey),
    });
    expect(
      await checkReporterKeyPair({ publicKey: pst.publicKey, lockedPrivateKey: reporter.lockedPrivateKey }),
    ).toMatchObject({ ok: false, reason: expect.stringContaining("belong together") });
    expect(
      await checkReporterKeyPair({
        publicKey: reporter.lockedPrivateKey,
        lockedPrivateKey: reporter.lockedPrivateKey,
      }),
    ).toMatchObject({ ok: false, reason: expect.stringContaining("is a private key") });
    expect(await checkReporterKeyPair({ publicKey: "garbage", lockedPrivateKey: "garbage" })).toMatchObject({
      ok: false,
    });
  });

  it("matches a message's key IDs with the recipient's encryption subkey", async () => {
    const ids = await encryptionKeyIdsOfKey(pst.publicKey);
    expect(ids).toHaveLength(1);
    expect(await encryptionKeyIdsOfMessage(armored)).toEqual(ids);
  });
});

describe("isArmoredPgpMessage", () => {
  it("accepts an encrypted armored message, with surrounding whitespace", async () => {
    expect(await isArmoredPgpMessage(armored)).toBe(true);
    expect(await isArmoredPgpMessage(`\n  ${armored}\n\n`)).toBe(true);
  });

  it.each([
    ["empty", ""],
    ["plain text", "hello"],
    ["text before the block", "see:\n-----BEGIN PGP MESSAGE-----\n\nAAAA\n-----END PGP MESSAGE-----"],
    ["a header only", "-----BEGIN PGP MESSAGE-----\n-----END PGP MESSAGE-----"],
    ["garbage inside", "-----BEGIN PGP MESSAGE-----\n\nnot base64 at all!!\n-----END PGP MESSAGE-----"],
    ["a public key", "PUBLIC"],
  ])("refuses %s", async (_, value) => {
    expect(await isArmoredPgpMessage(value === "PUBLIC" ? pst.publicKey : value)).toBe(false);
  });

  it("refuses a truncated message", async () => {
    const lines = armored.trim().split("\n");
    const truncated = [...lines.slice(0, 3), ...lines.slice(-1)].join("\n");
    expect(await isArmoredPgpMessage(truncated)).toBe(false);
  });

  it("tells binary messages from other bytes", async () => {
    const data = await encryptBytes(new Uint8Array([1, 2, 3]), [pst.publicKey], "f.bin");
    expect(await isBinaryPgpMessage(data)).toBe(true);
    expect(await isBinaryPgpMessage(new Uint8Array([1, 2, 3]))).toBe(false);
    expect(await isBinaryPgpMessage(data.slice(0, data.length - 10))).toBe(false);
    expect(
      await decryptBytesWithLockedKey({
        ciphertext: data,
        lockedPrivateKey: pst.lockedPrivateKey,
        passphrase: "pst passphrase",
      }),
    ).toEqual(new Uint8Array([1, 2, 3]));
  });
});

describe("ZReportContent", () => {
  const valid = {
    title: "t",
    component: "c",
    affectedVersions: "1.0",
    description: "d",
    stepsToReproduce: "s",
    impact: "i",
    alreadyPublic: false,
    credit: { mode: "anonymous" },
    attachments: [],
  };

  it("accepts a minimal report", () => {
    expect(ZReportContent.safeParse(valid).success).toBe(true);
  });

  it.each([
    ["a long title", { title: "x".repeat(REPORT_LIMITS.titleMaxChars + 1) }, "title"],
    ["a blank description", { description: "   " }, "description"],
    ["a huge description", { description: "x".repeat(REPORT_LIMITS.textMaxChars + 1) }, "description"],
    ["a bad CVSS vector (names the metric)", { cvssVector: "CVSS:3.1/AV:Q" }, "cvssVector"],
    ["a javascript: public URL", { publicUrl: "javascript:alert(1)" }, "publicUrl"],
    ["a named credit without a name", { credit: { mode: "named", name: "" } }, "credit"],
    [
      "too many attachments",
      { attachments: Array.from({ length: 11 }, () => ({ name: "a", type: "", size: 1 })) },
      "attachments",
    ],
    [
      "too many bytes",
      {
        attachments: [
          { name: "a", type: "", size: REPORT_LIMITS.attachmentsMaxTotalBytes },
          { name: "b", type: "", size: 1 },
        ],
      },
      "attachments",
    ],
  ])("refuses %s", (_, change, field) => {
    const result = ZReportContent.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe(field);
  });

  it("accepts CVSS 3.1 and 4.0 vectors", () => {
    for (const cvssVector of [
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
    ]) {
      expect(ZReportContent.safeParse({ ...valid, cvssVector }).success).toBe(true);
    }
  });
});

describe("checkStaffKeyPair", () => {
  const PASS = "correct horse battery staple";
  const V4 = { v6Keys: false, aeadProtect: false };
  let staff: TLockedKeyPair;
  let other: TLockedKeyPair;
  let unlocked: PrivateKey;
  /** Hostile or broken pairs, each with the words its refusal must contain. */
  let hostile: [string, { publicKey: string; lockedPrivateKey: string }, RegExp][];

  /** An armored pair made by OpenPGP.js with options Disclose never uses. */
  async function pairWith(
    options: Omit<Parameters<typeof generateKey>[0], "userIDs" | "passphrase" | "format">,
  ) {
    const { publicKey, privateKey } = await generateKey({
      ...options,
      userIDs: [{ name: "Staff" }],
      passphrase: PASS,
      format: "armored",
    });
    return { publicKey, lockedPrivateKey: privateKey };
  }

  /** A second, unlocked copy of a key (to change without touching the original). */
  const copyOf = async (key: PrivateKey) => readPrivateKey({ armoredKey: key.armor() });

  beforeAll(async () => {
    staff = await generateLockedKey({ name: "Staff", email: "staff@example.test", passphrase: PASS });
    other = await generateLockedKey({ name: "Other", passphrase: PASS });
    unlocked = await decryptKey({
      privateKey: await readPrivateKey({ armoredKey: staff.lockedPrivateKey }),
      passphrase: PASS,
    });

    // Primary locked, encryption subkey in the clear: still an unlocked key.
    const halfLocked = await copyOf(unlocked);
    await (halfLocked.keyPacket as SecretKeyPacket).encrypt(PASS, openpgpDefaults);

    // The public key names a newer encryption subkey the uploaded private key does not hold.
    const older = await generateKey({
      type: "ecc",
      curve: "curve25519Legacy",
      userIDs: [{ name: "Staff" }],
      date: new Date(Date.now() - 3600_000),
      format: "object",
      config: V4,
    });
    const withExtraSubkey = await older.privateKey.addSubkey({});
    const olderLocked = await encryptKey({ privateKey: older.privateKey, passphrase: PASS });
    // The encryption subkey's secret is a stub (as on a smartcard): nothing could decrypt here.
    const stubbed = await copyOf(unlocked);
    const [encryptionSubkey] = stubbed.getSubkeys();
    if (!encryptionSubkey) throw new Error("generateLockedKey made no subkey");
    (encryptionSubkey.keyPacket as SecretSubkeyPacket).makeDummy();
    const stubbedLocked = await encryptKey({ privateKey: stubbed, passphrase: PASS });

    const revoked = await revokeKey({ key: unlocked, format: "armored" });
    const past = new Date(Date.now() - 10 * 24 * 3600_000);
    const expired = await pairWith({
      type: "ecc",
      curve: "curve25519Legacy",
      date: past,
      keyExpirationTime: 24 * 3600,
      config: V4,
    });
    const future = await pairWith({
      type: "ecc",
      curve: "curve25519Legacy",
      date: new Date(Date.now() + 24 * 3600_000),
      config: V4,
    });
    const signOnly = await pairWith({
      type: "ecc",
      curve: "curve25519Legacy",
      subkeys: [{ sign: true }],
      config: V4,
    });
    const bothKeys = [staff.publicKey, other.publicKey].map(async (k) =>
      (await readKey({ armoredKey: k })).write(),
    );
    const twoKeys = armor(
      enums.armor.publicKey,
      new Uint8Array((await Promise.all(bothKeys)).flatMap((b) => [...b])),
    );

    hostile = [
      ["garbage", { publicKey: "garbage", lockedPrivateKey: "garbage" }, /not an armored OpenPGP key/],
      ["empty fields", { publicKey: "", lockedPrivateKey: "" }, /not an armored OpenPGP key/],
      [
        "a truncated public key",
        { publicKey: staff.publicKey.slice(0, 200), lockedPrivateKey: staff.lockedPrivateKey },
        /public key is not an armored/,
      ],
      [
        "a huge public key",
        { publicKey: "A".repeat(ARMORED_STAFF_KEY_MAX_CHARS + 1), lockedPrivateKey: staff.lockedPrivateKey },
        /too large/,
      ],
      [
        "a huge private key",
        { publicKey: staff.publicKey, lockedPrivateKey: `${staff.lockedPrivateKey}${" ".repeat(70_000)}` },
        /too large/,
      ],
      [
        "the private key as the public one",
        { publicKey: staff.lockedPrivateKey, lockedPrivateKey: staff.lockedPrivateKey },
        /public key field holds a private key/,
      ],
      [
        "an unlocked private key as the public one",
        { publicKey: unlocked.armor(), lockedPrivateKey: staff.lockedPrivateKey },
        /public key field holds a private key/,
      ],
      [
        "the public key as the private one",
        { publicKey: staff.publicKey, lockedPrivateKey: staff.publicKey },
        /holds a public key/,
      ],
      [
        "an unlocked private key",
        { publicKey: staff.publicKey, lockedPrivateKey: unlocked.armor() },
        /not locked/,
      ],
      [
        "a private key with its encryption subkey unlocked",
        { publicKey: staff.publicKey, lockedPrivateKey: halfLocked.armor() },
        /not locked/,
      ],
      [
        "a mismatched pair",
        { publicKey: staff.publicKey, lockedPrivateKey: other.lockedPrivateKey },
        /do not belong together/,
      ],
      [
        "two keys in one armored block",
        { publicKey: twoKeys, lockedPrivateKey: staff.lockedPrivateKey },
        /holds 2 keys; give exactly one/,
      ],
      ["an RSA key", await pairWith({ type: "rsa", rsaBits: 2048, config: V4 }), /primary key is RSA 2048/],
      [
        "a NIST P-256 key",
        await pairWith({ type: "ecc", curve: "nistP256", config: V4 }),
        /primary key is ECDSA on nistP256/,
      ],
      [
        "a v6 key",
        await pairWith({ type: "curve25519", config: { v6Keys: true, aeadProtect: true } }),
        /version 6 key/,
      ],
      [
        "a v4 key of the new (RFC 9580) Ed25519",
        await pairWith({ type: "curve25519", config: V4 }),
        /newer ed25519 of RFC 9580/,
      ],
      [
        "a private key locked with AEAD",
        await pairWith({
          type: "ecc",
          curve: "curve25519Legacy",
          config: { v6Keys: false, aeadProtect: true },
        }),
        /GnuPG 2\.2 cannot read/,
      ],
      ["a key without an encryption subkey", signOnly, /no valid encryption subkey/],
      [
        "a public key with an encryption subkey the private key lacks",
        { publicKey: withExtraSubkey.toPublic().armor(), lockedPrivateKey: olderLocked.armor() },
        /cannot decrypt what is sent to the public key/,
      ],
      [
        "a stub encryption subkey",
        { publicKey: staff.publicKey, lockedPrivateKey: stubbedLocked.armor() },
        /cannot decrypt what is sent to the public key/,
      ],
      [
        "a revoked key",
        { publicKey: revoked.publicKey, lockedPrivateKey: staff.lockedPrivateKey },
        /revoked/,
      ],
      ["an expired key", expired, /expired on/],
      ["a key made tomorrow", future, /in the future/],
    ];
  }, 60_000);

  it("accepts a key made by generateLockedKey, re-armored and with its upper-case fingerprint", async () => {
    const result = await checkStaffKeyPair(staff);
    expect(result).toMatchObject({ ok: true, fingerprint: staff.fingerprint });
    if (!result.ok) return;
    expect(await fingerprintOf(result.publicKey)).toBe(staff.fingerprint);
    expect(result.publicKey).not.toContain("PRIVATE");
    expect(await unlocksWith({ lockedPrivateKey: result.lockedPrivateKey, passphrase: PASS })).toBe(true);
  });

  it("keeps only the key block of a paste with text around it", async () => {
    const result = await checkStaffKeyPair({
      publicKey: `Here is my key:\n\n${staff.publicKey}\nthanks`,
      lockedPrivateKey: staff.lockedPrivateKey,
    });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.publicKey.trim().startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----")).toBe(true);
      expect(result.publicKey).not.toContain("thanks");
    }
  });

  it("tolerates a browser clock a few minutes fast", async () => {
    const pair = await pairWith({
      type: "ecc",
      curve: "curve25519Legacy",
      date: new Date(Date.now() + 5 * 60_000),
      config: V4,
    });
    expect((await checkStaffKeyPair(pair)).ok).toBe(true);
  });

  it("judges validity at the time it is given", async () => {
    const later = new Date(Date.now() + 2 * 24 * 3600_000);
    const pair = await pairWith({
      type: "ecc",
      curve: "curve25519Legacy",
      keyExpirationTime: 24 * 3600,
      config: V4,
    });
    expect((await checkStaffKeyPair(pair)).ok).toBe(true);
    expect(await checkStaffKeyPair({ ...pair, now: later })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/expired/),
    });
  });

  it("refuses every hostile or unusable pair with a reason in plain words", async () => {
    for (const [label, pair, reason] of hostile) {
      const result = await checkStaffKeyPair(pair);
      expect(result.ok, label).toBe(false);
      if (!result.ok) {
        expect(result.reason, label).toMatch(reason);
        // Never a stack trace or an OpenPGP.js internal message.
        expect(result.reason, label).not.toMatch(/Error|undefined|\bat \w+ \(/);
      }
    }
  });

  it("names the field at fault when it is one", async () => {
    const fieldOf = async (label: string) => {
      const pair = hostile.find(([l]) => l === label)?.[1];
      if (!pair) throw new Error(`no case ${label}`);
      const result = await checkStaffKeyPair(pair);
      return result.ok ? "accepted" : result.field;
    };
    expect(await fieldOf("an unlocked private key")).toBe("lockedPrivateKey");
    expect(await fieldOf("the public key as the private one")).toBe("lockedPrivateKey");
    expect(await fieldOf("the private key as the public one")).toBe("publicKey");
    expect(await fieldOf("a huge public key")).toBe("publicKey");
    expect(await fieldOf("a mismatched pair")).toBeUndefined();
    expect(await fieldOf("an RSA key")).toBeUndefined();
  });

  it("tells whether a passphrase unlocks a locked key", async () => {
    expect(await unlocksWith({ lockedPrivateKey: staff.lockedPrivateKey, passphrase: PASS })).toBe(true);
    expect(await unlocksWith({ lockedPrivateKey: staff.lockedPrivateKey, passphrase: "wrong" })).toBe(false);
    expect(await unlocksWith({ lockedPrivateKey: "garbage", passphrase: PASS })).toBe(false);
  });
});
