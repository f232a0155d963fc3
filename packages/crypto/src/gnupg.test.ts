// The portal promises that what it sends decrypts with GnuPG 2.2: prove it with the real `gpg`.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { armorMessage, joinMessage, splitAnyMessage } from "./packets";
import { encryptText, generateLockedKey, type TLockedKeyPair } from "./pgp";
import { readPublicKey, rewrapKeyPackets, unlockPrivateKey } from "./readers";
import { encryptReport } from "./report";

const run = promisify(execFile);
const PASSPHRASE = "gpg test passphrase";
let home: string;
let pst: TLockedKeyPair;
let other: TLockedKeyPair;

async function gpg(args: string[], input?: Uint8Array | string): Promise<Buffer> {
  const child = run("gpg", ["--homedir", home, "--batch", "--no-tty", "--quiet", ...args], {
    encoding: "buffer",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (input !== undefined) child.child.stdin?.end(input);
  return (await child).stdout;
}

async function gpgDecrypt(ciphertext: Uint8Array | string): Promise<Buffer> {
  const file = join(home, `msg-${Math.random().toString(36).slice(2)}`);
  await writeFile(file, ciphertext);
  return gpg(["--pinentry-mode", "loopback", "--passphrase", PASSPHRASE, "--decrypt", file]);
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "disclose-gnupg-"));
  pst = await generateLockedKey({ name: "PST One", email: "pst1@example.test", passphrase: PASSPHRASE });
  other = await generateLockedKey({ name: "PST Two", passphrase: "another passphrase" });
  await gpg(["--pinentry-mode", "loopback", "--passphrase", PASSPHRASE, "--import"], pst.lockedPrivateKey);
});
afterAll(async () => {
  await run("gpgconf", ["--homedir", home, "--kill", "all"]).catch(() => {});
  await rm(home, { recursive: true, force: true });
});

describe("GnuPG 2.2", () => {
  it("sees a v4 ed25519 key with a cv25519 subkey", async () => {
    const listing = (await gpg(["--with-colons", "--list-secret-keys"])).toString();
    const lines = listing.split("\n");
    const sec = lines.find((l) => l.startsWith("sec:"))?.split(":");
    const ssb = lines.find((l) => l.startsWith("ssb:"))?.split(":");
    expect(sec?.[16]).toBe("ed25519");
    expect(ssb?.[16]).toBe("cv25519");
    expect(listing).toContain(`fpr:::::::::${pst.fingerprint}:`);
  });

  it("decrypts a report and an attachment made by encryptReport, sent to two PST keys", async () => {
    const attachment = new Uint8Array(300_000).map((_, i) => (i * 31 + 7) % 256);
    const encrypted = await encryptReport({
      content: {
        title: "Heap overflow in the parser — ünïcödé ✓",
        component: "parser",
        affectedVersions: "1.0–1.4",
        description: "A long description\nwith lines",
        stepsToReproduce: "1. run it",
        impact: "RCE",
        cvssVector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        alreadyPublic: false,
        credit: { mode: "named", name: "Ada" },
      },
      attachments: [{ name: "poc.bin", type: "application/octet-stream", data: attachment }],
      recipientKeys: [pst.publicKey, other.publicKey],
    });
    const report = JSON.parse((await gpgDecrypt(encrypted.ciphertext)).toString("utf8"));
    expect(report).toMatchObject({
      version: 1,
      title: "Heap overflow in the parser — ünïcödé ✓",
      credit: { mode: "named", name: "Ada" },
      attachments: [{ name: "poc.bin", type: "application/octet-stream", size: 300_000 }],
    });
    const [encryptedFile] = encrypted.attachments;
    expect(Buffer.from(await gpgDecrypt(encryptedFile!)).equals(Buffer.from(attachment))).toBe(true);
  });

  it("decrypts a thread message made by encryptText", async () => {
    const text = "Reply with ✓ and\r\nmixed line endings\n";
    const plain = (await gpgDecrypt(await encryptText(text, [pst.publicKey]))).toString("utf8");
    // OpenPGP text mode normalises line endings to CRLF on the wire; GnuPG hands back what was signed as text.
    expect(plain.replaceAll("\r\n", "\n")).toBe(text.replaceAll("\r\n", "\n"));
  });

  it("decrypts an item re-wrapped for a new reader: their session-key packet before the unchanged data", async () => {
    // `other` could read the item; `pst` (the key GnuPG holds) is granted it afterwards.
    const attachment = new Uint8Array(70_000).map((_, i) => (i * 7) % 256);
    const encrypted = await encryptReport({
      content: {
        title: "Granted later",
        component: "c",
        affectedVersions: "1",
        description: "d",
        stepsToReproduce: "s",
        impact: "i",
        alreadyPublic: false,
        credit: { mode: "anonymous" },
      },
      attachments: [{ name: "a.bin", type: "", data: attachment }],
      recipientKeys: [other.publicKey],
    });
    const granter = [await unlockPrivateKey(other.lockedPrivateKey, "another passphrase")];
    const grantee = await readPublicKey(pst.publicKey);
    for (const [item, armored] of [
      [encrypted.ciphertext, true],
      [encrypted.attachments[0]!, false],
    ] as const) {
      const split = await splitAnyMessage(item);
      const packet = await rewrapKeyPackets({
        keyPackets: joinMessage(
          split.keyPackets.map((p) => p.bytes),
          new Uint8Array(),
        ),
        decryptionKeys: granter,
        grantee,
      });
      const served = joinMessage([packet], split.data);
      const plain = await gpgDecrypt(armored ? armorMessage(served) : served);
      if (armored) expect(JSON.parse(plain.toString("utf8")).title).toBe("Granted later");
      else expect(Buffer.from(plain).equals(Buffer.from(attachment))).toBe(true);
    }
  });
});
