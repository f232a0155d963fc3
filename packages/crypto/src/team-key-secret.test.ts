import { describe, expect, it } from "vitest";
import { encryptText, generateLockedKey } from "./pgp";
import { decryptTextWithKeys } from "./readers";
import { readUnlockedPrivateKey, unlockTeamSecretKey } from "./team-key-secret";

describe("unlockTeamSecretKey", () => {
  const now = new Date();

  it("unlocks the key, checks its public half and gives the private key back without a passphrase", async () => {
    const key = await generateLockedKey({ name: "security@", passphrase: "old shared passphrase" });
    const result = await unlockTeamSecretKey({
      armoredSecretKey: key.lockedPrivateKey,
      passphrase: "old shared passphrase",
      now,
    });
    if (!result.ok) throw new Error(result.reason);
    expect(result.fingerprint).toBe(key.fingerprint);
    expect(result.publicKey).toContain("PUBLIC KEY BLOCK");
    const unlocked = await readUnlockedPrivateKey(result.unlockedPrivateKey);
    const message = await encryptText("to the old key", [key.publicKey]);
    expect(await decryptTextWithKeys(message, [unlocked])).toBe("to the old key");
  });

  it.each([
    [
      "a wrong passphrase",
      async (k: { lockedPrivateKey: string }) => k.lockedPrivateKey,
      "wrong",
      /passphrase/,
    ],
    ["a public key", async (k: { publicKey: string }) => k.publicKey, "p", /not an armored private key/],
    [
      "two keys",
      async (k: { lockedPrivateKey: string }) => `${k.lockedPrivateKey}\n${k.lockedPrivateKey}`,
      "p",
      /2 armored blocks/,
    ],
    [
      "garbage",
      async () => "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nnope\n-----END PGP PRIVATE KEY BLOCK-----",
      "p",
      /not an OpenPGP private key/,
    ],
  ] as const)("refuses %s", async (_, make, passphrase, reason) => {
    const key = await generateLockedKey({ name: "security@", passphrase: "p" });
    const result = await unlockTeamSecretKey({ armoredSecretKey: await make(key), passphrase, now });
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
  });

  it("refuses to read a locked key as a team key's private half", async () => {
    const key = await generateLockedKey({ name: "security@", passphrase: "p" });
    await expect(readUnlockedPrivateKey(key.lockedPrivateKey)).rejects.toThrow(/locked/);
  });
});
