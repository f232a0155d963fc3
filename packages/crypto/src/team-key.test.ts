import { generateKey, revokeKey } from "openpgp";
import { beforeAll, describe, expect, it } from "vitest";
import { checkTeamPublicKey } from "./team-key";

const now = new Date();
const before = new Date(now.getTime() - 60_000);
const userIDs = [{ name: "Example Linux security team", email: "security@example.org" }];
let pair: { publicKey: string; privateKey: string };

beforeAll(async () => {
  pair = await generateKey({ type: "ecc", curve: "ed25519Legacy", userIDs, date: before, format: "armored" });
});

describe("checkTeamPublicKey", () => {
  it("accepts one public key that can encrypt, re-armored, with its fingerprint", async () => {
    const result = await checkTeamPublicKey({ armoredKey: `text around\n${pair.publicKey}\nmore`, now });
    expect(result).toMatchObject({ ok: true, fingerprint: expect.stringMatching(/^[0-9A-F]{40}$/) });
    if (result.ok) expect(result.publicKey).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
  });
  it("accepts an RSA key (a distributor's team key is theirs to choose)", async () => {
    const rsa = await generateKey({ type: "rsa", rsaBits: 2048, userIDs, date: before, format: "armored" });
    expect((await checkTeamPublicKey({ armoredKey: rsa.publicKey, now })).ok).toBe(true);
  });
  it("refuses a private key, saying so", async () => {
    const result = await checkTeamPublicKey({ armoredKey: pair.privateKey, now });
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/private key/) });
    // Even a damaged one.
    const damaged = "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nxxxx\n-----END PGP PRIVATE KEY BLOCK-----";
    expect(await checkTeamPublicKey({ armoredKey: damaged, now })).toEqual({
      ok: false,
      reason: expect.stringMatching(/private key/),
    });
  });
  it.each([
    ["garbage", "hello"],
    ["garbage armor", "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n!!!!\n-----END PGP PUBLIC KEY BLOCK-----"],
    ["an empty paste", ""],
    ["something huge", "x".repeat(70_000)],
  ])("refuses %s", async (_label, armoredKey) => {
    expect((await checkTeamPublicKey({ armoredKey, now })).ok).toBe(false);
  });
  it("refuses two keys in one paste", async () => {
    const other = await generateKey({
      type: "ecc",
      curve: "ed25519Legacy",
      userIDs,
      date: before,
      format: "armored",
    });
    expect(await checkTeamPublicKey({ armoredKey: pair.publicKey + other.publicKey, now })).toEqual({
      ok: false,
      reason: "This holds 2 armored blocks; give exactly one public key.",
    });
  });
  it("refuses a key that cannot encrypt now: expired, revoked, sign-only", async () => {
    const old = new Date(now.getTime() - 10 * 86_400_000);
    const expired = await generateKey({
      type: "ecc",
      curve: "ed25519Legacy",
      userIDs,
      date: old,
      keyExpirationTime: 86_400,
      format: "armored",
    });
    expect(await checkTeamPublicKey({ armoredKey: expired.publicKey, now })).toEqual({
      ok: false,
      reason: expect.stringMatching(/^The key expired on /),
    });
    const revoked = await revokeKey({ key: await readPrivate(pair.privateKey), format: "armored" });
    expect(await checkTeamPublicKey({ armoredKey: revoked.publicKey, now })).toEqual({
      ok: false,
      reason: "The key is revoked.",
    });
    const signOnly = await generateKey({
      type: "ecc",
      curve: "ed25519Legacy",
      userIDs,
      subkeys: [],
      date: before,
      format: "armored",
    });
    expect(await checkTeamPublicKey({ armoredKey: signOnly.publicKey, now })).toEqual({
      ok: false,
      reason: expect.stringMatching(/cannot encrypt/),
    });
  });
});

async function readPrivate(armoredKey: string) {
  const { readPrivateKey } = await import("openpgp");
  return readPrivateKey({ armoredKey });
}
