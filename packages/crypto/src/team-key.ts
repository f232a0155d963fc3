import { type Key, readKeys } from "openpgp";
import { ARMORED_STAFF_KEY_MAX_CHARS } from "./pgp";

export type TTeamKeyCheck =
  | {
      ok: true;
      /** Upper-case hex fingerprint (40 characters for a v4 key). */
      fingerprint: string;
      /** Re-armored from the parsed key: only the public key, no text around the block, no second key. */
      publicKey: string;
    }
  | { ok: false; reason: string };

const PRIVATE_BLOCK = /-----BEGIN PGP PRIVATE KEY BLOCK-----/;

/**
 * What the server checks about an organisation's team key (a distributor's, pasted on a form): exactly one OpenPGP
 * public key — never a private one — in a version GnuPG 2.2 reads (v4), that can encrypt now (not expired or
 * revoked, with a valid encryption (sub)key). Any algorithm GnuPG 2.2 handles is fine: a distributor's team
 * key is theirs to choose. Never throws; the reason is meant for the person.
 */
export async function checkTeamPublicKey(options: { armoredKey: string; now: Date }): Promise<TTeamKeyCheck> {
  const text = options.armoredKey;
  if (text.length > ARMORED_STAFF_KEY_MAX_CHARS) {
    return { ok: false, reason: "The key is too large to be one public key." };
  }
  // Said first and whatever else is wrong with the block: a private key must never be sent anywhere.
  if (PRIVATE_BLOCK.test(text)) {
    return {
      ok: false,
      reason: "This is a private key. Paste the team's public key only, and keep the private key secret.",
    };
  }
  // OpenPGP.js reads only the first armored block; a second key after it would pass unseen.
  const blocks = text.match(/-----BEGIN PGP /g)?.length ?? 0;
  if (blocks > 1)
    return { ok: false, reason: `This holds ${blocks} armored blocks; give exactly one public key.` };
  let keys: Key[];
  try {
    keys = await readKeys({ armoredKeys: text });
  } catch {
    return { ok: false, reason: "This is not an armored OpenPGP public key." };
  }
  if (keys.length !== 1) return { ok: false, reason: `This holds ${keys.length} keys; give exactly one.` };
  const key = keys[0] as Key;
  if (key.isPrivate()) {
    return {
      ok: false,
      reason: "This is a private key. Paste the team's public key only, and keep the private key secret.",
    };
  }
  if (key.keyPacket.version !== 4) {
    return {
      ok: false,
      reason: `This is a version ${key.keyPacket.version} key; a version 4 key is needed so that GnuPG 2.2 can decrypt.`,
    };
  }
  try {
    await key.verifyPrimaryKey(options.now);
  } catch {
    if (await key.isRevoked(undefined, undefined, options.now).catch(() => false)) {
      return { ok: false, reason: "The key is revoked." };
    }
    const expiry = await key.getExpirationTime().catch(() => null);
    if (expiry instanceof Date && expiry <= options.now) {
      return { ok: false, reason: `The key expired on ${expiry.toISOString().slice(0, 10)}.` };
    }
    return { ok: false, reason: "The key's self-signature is not valid." };
  }
  try {
    await key.getEncryptionKey(undefined, options.now);
  } catch {
    return { ok: false, reason: "The key cannot encrypt now: it has no valid encryption subkey." };
  }
  return { ok: true, fingerprint: key.getFingerprint().toUpperCase(), publicKey: key.toPublic().armor() };
}

/**
 * A reporter's own public key from their mail: an Autocrypt header's keydata (binary, RFC 4880 transferable
 * public key) or an attached armored key, checked like a team key (one v4 public key that can encrypt now).
 */
export async function checkMailPublicKey(options: {
  key: string | Uint8Array;
  now: Date;
}): Promise<TTeamKeyCheck> {
  if (typeof options.key === "string")
    return checkTeamPublicKey({ armoredKey: options.key, now: options.now });
  if (options.key.byteLength > ARMORED_STAFF_KEY_MAX_CHARS) {
    return { ok: false, reason: "The key is too large to be one public key." };
  }
  let keys: Key[];
  try {
    keys = await readKeys({ binaryKeys: options.key });
  } catch {
    return { ok: false, reason: "This is not an OpenPGP public key." };
  }
  if (keys.length !== 1) return { ok: false, reason: `This holds ${keys.length} keys; give exactly one.` };
  const key = keys[0] as Key;
  if (key.isPrivate()) return { ok: false, reason: "This is a private key." };
  return checkTeamPublicKey({ armoredKey: key.armor(), now: options.now });
}
