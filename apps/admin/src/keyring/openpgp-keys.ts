// The OpenPGP half of the keyring, loaded with import() only when a tab unlocks or restores its keys.
import { decryptKey, type PrivateKey, readPrivateKey } from "openpgp";

export interface TLockedKey {
  /** Upper-case hex fingerprint, as the server lists it. */
  fingerprint: string;
  /** Armored, locked with the owner's passphrase. */
  lockedPrivateKey: string;
}

/** Upper-case hex, as the server and the rest of the app write fingerprints. */
export const fingerprintOfKey = (key: PrivateKey): string => key.getFingerprint().toUpperCase();

/** The key unlocked with `passphrase`; null when it does not unlock (or is not the key the server said). */
async function tryUnlock(locked: TLockedKey, passphrase: string): Promise<PrivateKey | null> {
  try {
    const key = await readPrivateKey({ armoredKey: locked.lockedPrivateKey });
    if (fingerprintOfKey(key) !== locked.fingerprint.toUpperCase()) return null;
    // A key stored without a passphrase throws here too ("already decrypted"): staff keys are always locked.
    return await decryptKey({ privateKey: key, passphrase });
  } catch {
    return null;
  }
}

/**
 * Unlocks the account's keys with one passphrase: the current key must unlock; each retired key that unlocks
 * with the same passphrase is kept too (old reports may be encrypted only to it), the others are left out.
 * The keys come back current first, then retired in the order given (newest first).
 */
export async function unlockAccountKeys(
  locked: { current: TLockedKey; retired: readonly TLockedKey[] },
  passphrase: string,
): Promise<{ ok: true; keys: PrivateKey[] } | { ok: false }> {
  const current = await tryUnlock(locked.current, passphrase);
  if (!current) return { ok: false };
  const keys = [current];
  const seen = new Set([fingerprintOfKey(current)]);
  for (const retired of locked.retired) {
    if (seen.has(retired.fingerprint.toUpperCase())) continue;
    const key = await tryUnlock(retired, passphrase);
    if (key) {
      keys.push(key);
      seen.add(fingerprintOfKey(key));
    }
  }
  return { ok: true, keys };
}

/** Armored unlocked keys (what the keyring wraps); the text is usable key material, for wrapKeys only. */
export const armorUnlockedKeys = (keys: readonly PrivateKey[]): string[] => keys.map((key) => key.armor());

/** The keys a tab stored, back as unlocked keys; throws if any of them is not an unlocked private key. */
export async function readUnlockedKeys(armoredKeys: readonly string[]): Promise<PrivateKey[]> {
  const keys = await Promise.all(armoredKeys.map((armoredKey) => readPrivateKey({ armoredKey })));
  if (keys.length === 0 || !keys.every((key) => key.isDecrypted())) {
    throw new Error("The stored keyring holds a key that is not unlocked.");
  }
  return keys;
}
