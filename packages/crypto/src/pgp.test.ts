import { beforeAll, describe, expect, it } from "vitest";
import { REPORT_LIMITS } from "./limits";
import {
  checkReporterKeyPair,
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
  type TLockedKeyPair,
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
    expect(await checkReporterKeyPair(reporter)).toEqual({ ok: true, fingerprint: reporter.fingerprint });
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
