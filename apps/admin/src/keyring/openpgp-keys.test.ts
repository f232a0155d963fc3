import { encryptText, generateLockedKey, type TLockedKeyPair } from "@disclose/crypto";
import { decrypt, readMessage } from "openpgp";
import { beforeAll, describe, expect, it } from "vitest";
import { armorUnlockedKeys, fingerprintOfKey, readUnlockedKeys, unlockAccountKeys } from "./openpgp-keys";

const PASSPHRASE = "correct horse battery staple";

let current: TLockedKeyPair;
let retiredSame: TLockedKeyPair;
let retiredOther: TLockedKeyPair;
beforeAll(async () => {
  [current, retiredSame, retiredOther] = await Promise.all([
    generateLockedKey({ name: "Current", passphrase: PASSPHRASE }),
    generateLockedKey({ name: "Retired, same passphrase", passphrase: PASSPHRASE }),
    generateLockedKey({ name: "Retired, another passphrase", passphrase: "an older passphrase" }),
  ]);
});

const asLocked = (pair: TLockedKeyPair) => ({
  fingerprint: pair.fingerprint,
  lockedPrivateKey: pair.lockedPrivateKey,
});

async function decryptWith(keys: Awaited<ReturnType<typeof readUnlockedKeys>>, ciphertext: string) {
  const { data } = await decrypt({
    message: await readMessage({ armoredMessage: ciphertext }),
    decryptionKeys: keys,
  });
  return data;
}

describe("unlockAccountKeys", () => {
  it("unlocks the current key and the retired keys that share its passphrase, current first", async () => {
    const result = await unlockAccountKeys(
      { current: asLocked(current), retired: [asLocked(retiredSame), asLocked(retiredOther)] },
      PASSPHRASE,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.keys.map(fingerprintOfKey)).toEqual([current.fingerprint, retiredSame.fingerprint]);
    expect(result.keys.every((key) => key.isDecrypted())).toBe(true);
    // Old material encrypted only to the retired key is readable with what was unlocked.
    const old = await encryptText("old report", [retiredSame.publicKey]);
    expect(await decryptWith(result.keys, old)).toBe("old report");
  });

  it.each([
    ["a wrong passphrase", "wrong"],
    ["the retired key's passphrase", "an older passphrase"],
    ["an empty passphrase", ""],
    ["the passphrase with a trailing space", `${PASSPHRASE} `],
  ])("refuses %s for the current key", async (_label, passphrase) => {
    const result = await unlockAccountKeys(
      { current: asLocked(current), retired: [asLocked(retiredOther)] },
      passphrase,
    );
    expect(result).toEqual({ ok: false });
  });

  it("refuses a key that is not the one the server listed", async () => {
    const swapped = { fingerprint: retiredSame.fingerprint, lockedPrivateKey: current.lockedPrivateKey };
    expect(await unlockAccountKeys({ current: swapped, retired: [] }, PASSPHRASE)).toEqual({ ok: false });
  });

  it("refuses garbage instead of a key", async () => {
    const garbage = { fingerprint: current.fingerprint, lockedPrivateKey: "not a key" };
    expect(await unlockAccountKeys({ current: garbage, retired: [] }, PASSPHRASE)).toEqual({ ok: false });
    const result = await unlockAccountKeys({ current: asLocked(current), retired: [garbage] }, PASSPHRASE);
    expect(result.ok && result.keys.map(fingerprintOfKey)).toEqual([current.fingerprint]);
  });

  it("compares fingerprints without regard to case, and lists a key once", async () => {
    const lower = { ...asLocked(current), fingerprint: current.fingerprint.toLowerCase() };
    const result = await unlockAccountKeys({ current: lower, retired: [asLocked(current)] }, PASSPHRASE);
    expect(result.ok && result.keys.map(fingerprintOfKey)).toEqual([current.fingerprint]);
  });
});

describe("armorUnlockedKeys and readUnlockedKeys", () => {
  it("round-trip unlocked keys that still decrypt", async () => {
    const result = await unlockAccountKeys({ current: asLocked(current), retired: [] }, PASSPHRASE);
    if (!result.ok) throw new Error("did not unlock");
    const armored = armorUnlockedKeys(result.keys);
    const back = await readUnlockedKeys(armored);
    expect(back.map(fingerprintOfKey)).toEqual([current.fingerprint]);
    const message = await encryptText("hello", [current.publicKey]);
    expect(await decryptWith(back, message)).toBe("hello");
  });

  it("refuse a locked key, garbage or nothing", async () => {
    await expect(readUnlockedKeys([current.lockedPrivateKey])).rejects.toThrow();
    await expect(readUnlockedKeys(["garbage"])).rejects.toThrow();
    await expect(readUnlockedKeys([])).rejects.toThrow();
  });
});
