import { decryptKey, type PrivateKey, readKeys, readPrivateKey } from "openpgp";
import { ARMORED_STAFF_KEY_MAX_CHARS } from "./pgp";
import { checkTeamPublicKey } from "./team-key";

/**
 * What a PST member's browser does with the project's own secret key (security@'s, from before Disclose) when
 * importing it as a team key: reads exactly one private key, unlocks it with its passphrase, checks its public
 * half like any team key, and returns the armored private key without a passphrase, to be encrypted at once to
 * the PST's keys. Never sent anywhere in clear; the server gets the public key and that ciphertext only.
 */
export async function unlockTeamSecretKey(options: {
  armoredSecretKey: string;
  passphrase: string;
  now: Date;
}): Promise<
  | { ok: true; fingerprint: string; publicKey: string; unlockedPrivateKey: string }
  | { ok: false; reason: string }
> {
  const text = options.armoredSecretKey.trim();
  if (text.length > ARMORED_STAFF_KEY_MAX_CHARS * 4)
    return { ok: false, reason: "This is too large to be one key." };
  if (!/-----BEGIN PGP PRIVATE KEY BLOCK-----/.test(text)) {
    return {
      ok: false,
      reason: "This is not an armored private key (-----BEGIN PGP PRIVATE KEY BLOCK-----).",
    };
  }
  const blocks = text.match(/-----BEGIN PGP /g)?.length ?? 0;
  if (blocks > 1) return { ok: false, reason: `This holds ${blocks} armored blocks; give exactly one key.` };
  let key: PrivateKey;
  try {
    const keys = await readKeys({ armoredKeys: text });
    if (keys.length !== 1) return { ok: false, reason: `This holds ${keys.length} keys; give exactly one.` };
    key = await readPrivateKey({ armoredKey: text });
  } catch {
    return { ok: false, reason: "This is not an OpenPGP private key." };
  }
  let unlocked: PrivateKey;
  try {
    unlocked = key.isDecrypted()
      ? key
      : await decryptKey({ privateKey: key, passphrase: options.passphrase });
  } catch {
    return { ok: false, reason: "The passphrase does not unlock this key." };
  }
  const check = await checkTeamPublicKey({ armoredKey: unlocked.toPublic().armor(), now: options.now });
  if (!check.ok) return check;
  return {
    ok: true,
    fingerprint: check.fingerprint,
    publicKey: check.publicKey,
    unlockedPrivateKey: unlocked.armor(),
  };
}

/** A team key's private half as its message decrypts: an armored private key without a passphrase. */
export async function readUnlockedPrivateKey(armored: string): Promise<PrivateKey> {
  const key = await readPrivateKey({ armoredKey: armored });
  if (!key.isDecrypted()) throw new Error("The team key is still locked with a passphrase.");
  return key;
}
