import {
  createMessage,
  decrypt,
  decryptKey,
  encrypt,
  generateKey,
  type Key,
  type PartialConfig,
  type PrivateKey,
  type PublicKey,
  readKey,
  readKeys,
  readMessage,
  readPrivateKey,
  sign,
} from "openpgp";
import { BASE64URL_32_BYTES, randomBase64Url } from "./random";

/**
 * GnuPG 2.2 compatibility: v4 keys, SEIPDv1 (with MDC) and no AEAD. OpenPGP.js v6 would use SEIPDv2 or v6 keys
 * only when told to; we say so explicitly on every call so a changed global default cannot break decryption.
 */
export const GNUPG22_CONFIG: PartialConfig = { aeadProtect: false, v6Keys: false };

/** A key pair whose private half is locked (armored, encrypted with a passphrase). */
export interface TLockedKeyPair {
  fingerprint: string;
  publicKey: string;
  lockedPrivateKey: string;
}

/** v4 Ed25519 primary key with a Curve25519 (ECDH) encryption subkey: what GnuPG 2.2 calls ed25519/cv25519. */
export async function generateLockedKey(options: {
  name: string;
  email?: string;
  passphrase: string;
  /** Seconds until the key expires (0 or absent: never), as GnuPG's default keys do. */
  expiresInSeconds?: number;
  /** The key's creation time (default: now). Tests on a fixed clock date their keys before it. */
  date?: Date;
  /**
   * The passphrase is a machine-made random secret, not a person's: its hashing need not be slowed down (OpenPGP's
   * S2K iterations only guard guessable passphrases, and cost ~25 ms per key at the default).
   */
  randomPassphrase?: boolean;
}): Promise<TLockedKeyPair> {
  const { publicKey, privateKey } = await generateKey({
    ...(options.date ? { date: options.date } : {}),
    type: "ecc",
    curve: "curve25519Legacy",
    userIDs: [{ name: options.name, ...(options.email ? { email: options.email } : {}) }],
    passphrase: options.passphrase,
    keyExpirationTime: options.expiresInSeconds ?? 0,
    format: "armored",
    // The fewest iterations S2K allows (1,024 bytes hashed): still the iterated and salted S2K GnuPG reads.
    config: options.randomPassphrase ? { ...GNUPG22_CONFIG, s2kIterationCountByte: 0 } : GNUPG22_CONFIG,
  });
  return { fingerprint: await fingerprintOf(publicKey), publicKey, lockedPrivateKey: privateKey };
}

/**
 * The reporter's own key pair for the PST's replies, locked with a fresh 256-bit `keySecret` that lives only in
 * the tracking link's fragment.
 */
export async function createReporterKey(): Promise<TLockedKeyPair & { keySecret: string }> {
  const keySecret = randomBase64Url(32);
  const pair = await generateLockedKey({
    name: "Disclose reporter",
    passphrase: keySecret,
    randomPassphrase: true,
  });
  return { ...pair, keySecret };
}

/** When a key expires (its self-signature's key expiration time); null: never. */
export async function keyExpiresAt(armoredKey: string): Promise<Date | null> {
  const key = await readKey({ armoredKey });
  const expires = await key.getExpirationTime();
  return expires instanceof Date ? expires : null;
}

/** Upper-case hex v4 fingerprint (40 characters). Throws on anything that is not one OpenPGP key. */
export async function fingerprintOf(armoredKey: string): Promise<string> {
  const key = await readKey({ armoredKey });
  return key.getFingerprint().toUpperCase();
}

async function readRecipients(recipientKeys: readonly string[]): Promise<PublicKey[]> {
  if (recipientKeys.length === 0) throw new Error("No recipient keys: nothing could ever decrypt this.");
  return Promise.all(recipientKeys.map(async (armoredKey) => (await readKey({ armoredKey })).toPublic()));
}

/** Encrypts UTF-8 text to every recipient key; armored. */
export async function encryptText(text: string, recipientKeys: readonly string[]): Promise<string> {
  return encrypt({
    message: await createMessage({ text }),
    encryptionKeys: await readRecipients(recipientKeys),
    format: "armored",
    config: GNUPG22_CONFIG,
  });
}

/** Encrypts bytes to every recipient key; a binary OpenPGP message. */
export async function encryptBytes(
  data: Uint8Array,
  recipientKeys: readonly string[],
  filename?: string,
): Promise<Uint8Array> {
  return encrypt({
    message: await createMessage({ binary: data, format: "binary", ...(filename ? { filename } : {}) }),
    encryptionKeys: await readRecipients(recipientKeys),
    format: "binary",
    config: GNUPG22_CONFIG,
  });
}

async function unlock(lockedPrivateKey: string, passphrase: string) {
  return decryptKey({ privateKey: await readPrivateKey({ armoredKey: lockedPrivateKey }), passphrase });
}

/** Decrypts an armored text message with a locked private key and its passphrase. */
export async function decryptWithLockedKey(options: {
  ciphertext: string;
  lockedPrivateKey: string;
  passphrase: string;
}): Promise<string> {
  const { data } = await decrypt({
    message: await readMessage({ armoredMessage: options.ciphertext }),
    decryptionKeys: await unlock(options.lockedPrivateKey, options.passphrase),
    config: GNUPG22_CONFIG,
  });
  return data as string;
}

/** Decrypts a binary (or armored) message to bytes, e.g. an attachment. */
export async function decryptBytesWithLockedKey(options: {
  ciphertext: Uint8Array | string;
  lockedPrivateKey: string;
  passphrase: string;
}): Promise<Uint8Array> {
  const message =
    typeof options.ciphertext === "string"
      ? await readMessage({ armoredMessage: options.ciphertext })
      : await readMessage({ binaryMessage: options.ciphertext });
  const { data } = await decrypt({
    message,
    decryptionKeys: await unlock(options.lockedPrivateKey, options.passphrase),
    format: "binary",
    config: GNUPG22_CONFIG,
  });
  return data as Uint8Array;
}

const ARMORED_MESSAGE = /^-----BEGIN PGP MESSAGE-----\r?\n[\s\S]*\r?\n-----END PGP MESSAGE-----\s*$/;

/**
 * Strict: one armored "PGP MESSAGE" block and nothing around it, that OpenPGP.js parses and that holds encrypted
 * data (a session-key packet and an encrypted data packet). A signed-only or literal message is not ciphertext.
 */
export async function isArmoredPgpMessage(text: string): Promise<boolean> {
  return (await encryptedMessageKeyIds(text)) !== null;
}

/** Same check for a binary message (an attachment). */
export async function isBinaryPgpMessage(data: Uint8Array): Promise<boolean> {
  return (await encryptedMessageKeyIds(data)) !== null;
}

/**
 * One parse for both questions a server asks: is this an encrypted OpenPGP message (armored strictly, as
 * isArmoredPgpMessage; or binary), and to which key IDs (upper-case hex)? Null when it is not one.
 */
export async function encryptedMessageKeyIds(message: string | Uint8Array): Promise<string[] | null> {
  try {
    let parsed: Awaited<ReturnType<typeof readMessage>>;
    if (typeof message === "string") {
      if (!ARMORED_MESSAGE.test(message.trim())) return null;
      parsed = await readMessage({ armoredMessage: message.trim() });
    } else {
      parsed = await readMessage({ binaryMessage: message });
    }
    const ids = parsed.getEncryptionKeyIDs();
    if (ids.length === 0 || !isEncryptedData(parsed.packets)) return null;
    return ids.map((id) => id.toHex().toUpperCase());
  } catch {
    return null;
  }
}

function isEncryptedData(packets: { constructor: unknown }[]): boolean {
  // Tags 18 (SEIPD) and 9 (legacy SED, which OpenPGP.js refuses to decrypt anyway): the last packet is the data.
  const last = packets.at(-1) as { constructor: { tag?: number } } | undefined;
  return last?.constructor.tag === 18;
}

/** Key IDs (upper-case hex) a message is encrypted to: one per public-key session-key packet. */
export async function encryptionKeyIdsOfMessage(message: string | Uint8Array): Promise<string[]> {
  const parsed =
    typeof message === "string"
      ? await readMessage({ armoredMessage: message })
      : await readMessage({ binaryMessage: message });
  return parsed.getEncryptionKeyIDs().map((id) => id.toHex().toUpperCase());
}

/** Key IDs of a key's encryption-capable (sub)keys, to match against encryptionKeyIdsOfMessage. */
export async function encryptionKeyIdsOfKey(armoredKey: string): Promise<string[]> {
  return encryptionKeyIdsOf(await readKey({ armoredKey }));
}

function encryptionKeyIdsOf(key: Key): string[] {
  const keys = [key, ...key.getSubkeys()];
  const ids: string[] = [];
  for (const k of keys) {
    const algorithm = k.getAlgorithmInfo().algorithm;
    if (
      algorithm === "ecdh" ||
      algorithm === "x25519" ||
      algorithm === "rsaEncrypt" ||
      algorithm === "rsaEncryptSign" ||
      algorithm === "elgamal"
    ) {
      ids.push(k.getKeyID().toHex().toUpperCase());
    }
  }
  return ids;
}

/** What the server checks about a reporter's key pair before storing it. */
export async function checkReporterKeyPair(options: {
  publicKey: string;
  lockedPrivateKey: string;
}): Promise<{ ok: true; fingerprint: string; encryptionKeyIds: string[] } | { ok: false; reason: string }> {
  try {
    const publicKey = await readKey({ armoredKey: options.publicKey });
    if (publicKey.isPrivate()) return { ok: false, reason: "The reporter public key is a private key." };
    const privateKey = await readPrivateKey({ armoredKey: options.lockedPrivateKey });
    // A browser bug that sent the private key unlocked would hand the server the reporter's replies.
    if (privateKey.isDecrypted()) return { ok: false, reason: "The reporter private key is not locked." };
    if (privateKey.getFingerprint() !== publicKey.getFingerprint()) {
      return { ok: false, reason: "The reporter keys do not belong together." };
    }
    const encryptionKeyIds = encryptionKeyIdsOf(publicKey);
    if (encryptionKeyIds.length === 0) {
      return { ok: false, reason: "The reporter public key cannot encrypt." };
    }
    return { ok: true, fingerprint: publicKey.getFingerprint().toUpperCase(), encryptionKeyIds };
  } catch {
    return { ok: false, reason: "The reporter keys are not valid OpenPGP keys." };
  }
}

/**
 * An armored staff key (public or locked private) is at most this long. A fresh ed25519/cv25519 key is about
 * 1 KB; the slack is for imported keys carrying several user IDs and certifications. Checked before parsing,
 * so a huge paste costs nothing.
 */
export const ARMORED_STAFF_KEY_MAX_CHARS = 64 * 1024;

/** A browser clock this far ahead of the server still makes keys the server accepts. */
const KEY_CLOCK_SKEW_MS = 15 * 60 * 1000;

export type TStaffKeyCheck =
  | {
      ok: true;
      fingerprint: string;
      /** Re-armored from the parsed key: no text around the block, no second key hidden in it. */
      publicKey: string;
      lockedPrivateKey: string;
    }
  /** `field`: the one input at fault, when it is one (for the form to point at it). */
  | { ok: false; reason: string; field?: TStaffKeyField };

export type TStaffKeyField = "publicKey" | "lockedPrivateKey";

/**
 * What the server (and, before upload, the browser) checks about a staff member's key pair: one v4
 * ed25519/cv25519 key that GnuPG 2.2 can use, valid now, whose private half is locked with a passphrase and
 * can decrypt what is encrypted to the public half. Never throws; the reason is meant for the person.
 */
export async function checkStaffKeyPair(options: {
  publicKey: string;
  lockedPrivateKey: string;
  now?: Date;
}): Promise<TStaffKeyCheck> {
  const now = options.now ?? new Date();
  if (options.publicKey.length > ARMORED_STAFF_KEY_MAX_CHARS) {
    return { ok: false, reason: "The public key is too large to be one key.", field: "publicKey" };
  }
  if (options.lockedPrivateKey.length > ARMORED_STAFF_KEY_MAX_CHARS) {
    return { ok: false, reason: "The private key is too large to be one key.", field: "lockedPrivateKey" };
  }
  const publicKey = await readOneKey(options.publicKey, "public");
  if (typeof publicKey === "string") return { ok: false, reason: publicKey, field: "publicKey" };
  // Checked first: whatever is stored as the public key is served to every reporter.
  if (publicKey.isPrivate()) {
    return {
      ok: false,
      reason:
        "The public key field holds a private key. Paste your public key there; never share a private key.",
      field: "publicKey",
    };
  }
  const privateKey = await readOneKey(options.lockedPrivateKey, "private");
  if (typeof privateKey === "string") return { ok: false, reason: privateKey, field: "lockedPrivateKey" };
  if (!privateKey.isPrivate()) {
    return {
      ok: false,
      reason: "The private key field holds a public key, not your locked private key.",
      field: "lockedPrivateKey",
    };
  }
  // Any part unlocked would hand the server what it must never read: every report encrypted to this key.
  if (privateKey.isDecrypted()) {
    return {
      ok: false,
      reason: "The private key is not locked. Lock it with a passphrase before uploading it.",
      field: "lockedPrivateKey",
    };
  }
  if (privateKey.getFingerprint() !== publicKey.getFingerprint()) {
    return {
      ok: false,
      reason: "The public and private keys do not belong together (different fingerprints).",
    };
  }
  return checkStaffKey(publicKey, privateKey, now);
}

async function readOneKey(armoredKey: string, part: "public" | "private"): Promise<Key | string> {
  try {
    const keys = await readKeys({ armoredKeys: armoredKey });
    if (keys.length !== 1) return `The ${part} key field holds ${keys.length} keys; give exactly one.`;
    return keys[0] as Key;
  } catch {
    return `The ${part} key is not an armored OpenPGP key.`;
  }
}

async function checkStaffKey(publicKey: Key, privateKey: PrivateKey, now: Date): Promise<TStaffKeyCheck> {
  try {
    // v6 keys (RFC 9580) and the new Ed25519/X25519 algorithms are what GnuPG 2.2 cannot read.
    if (publicKey.keyPacket.version !== 4) {
      return {
        ok: false,
        reason: `This is a version ${publicKey.keyPacket.version} key; Disclose needs a version 4 key so that GnuPG 2.2 can decrypt.`,
      };
    }
    const primary = publicKey.getAlgorithmInfo();
    if (primary.algorithm !== "eddsaLegacy" || primary.curve !== "ed25519Legacy") {
      return {
        ok: false,
        reason: `The primary key is ${algorithmLabel(primary)}; Disclose needs an ed25519/cv25519 key, as GnuPG 2.2 makes them.`,
      };
    }
    // Subkeys too: GnuPG adds the encryption subkey after the primary, and either may be the newest.
    const newest = Math.max(...publicKey.getKeys().map((k) => k.getCreationTime().getTime()));
    if (newest > now.getTime() + KEY_CLOCK_SKEW_MS) {
      return {
        ok: false,
        reason: "The key was made in the future. Check this computer's clock and make a new key.",
      };
    }
    // A key made a few minutes ahead (a fast browser clock) is judged a little later, when all of it is valid.
    const date = newest > now.getTime() ? new Date(now.getTime() + KEY_CLOCK_SKEW_MS) : now;
    const validity = await primaryKeyProblem(publicKey, date);
    if (validity) return { ok: false, reason: validity };

    let encryptionKey: Awaited<ReturnType<Key["getEncryptionKey"]>>;
    try {
      encryptionKey = await publicKey.getEncryptionKey(undefined, date);
    } catch {
      return { ok: false, reason: "The key has no valid encryption subkey (cv25519)." };
    }
    const info = encryptionKey.getAlgorithmInfo();
    if (encryptionKey === publicKey || info.algorithm !== "ecdh" || info.curve !== "curve25519Legacy") {
      return {
        ok: false,
        reason: `The encryption subkey is ${algorithmLabel(info)}; Disclose needs an ed25519/cv25519 key, as GnuPG 2.2 makes them.`,
      };
    }
    // Reports go to this subkey: its secret half must be in the private key, and not a stub (smartcard,
    // --export-secret-subkeys of another subkey), or nobody could ever read them here. OpenPGP.js throws when
    // it finds none, which is the refusal below.
    const decryptionKeys = await privateKey.getDecryptionKeys(encryptionKey.getKeyID(), date).catch(() => []);
    if (!decryptionKeys.some((k) => k.getFingerprint() === encryptionKey.getFingerprint())) {
      return {
        ok: false,
        reason:
          "The private key cannot decrypt what is sent to the public key (its encryption subkey is missing).",
        field: "lockedPrivateKey",
      };
    }
    for (const { keyPacket } of privateKey.getKeys()) {
      // Neither field is in OpenPGP.js's types; both are parsed from every secret-key packet.
      const protection = keyPacket as unknown as { s2kUsage?: number; s2k?: { type?: string } | null };
      if (protection.s2k?.type === "gnu-dummy") continue;
      if (protection.s2kUsage === 253 || protection.s2k?.type !== "iterated") {
        return {
          ok: false,
          reason:
            "The private key is locked in a format GnuPG 2.2 cannot read (AEAD or no iterated passphrase hashing). Lock it with the usual iterated and salted protection.",
          field: "lockedPrivateKey",
        };
      }
    }
    return {
      ok: true,
      fingerprint: publicKey.getFingerprint().toUpperCase(),
      publicKey: publicKey.armor(),
      lockedPrivateKey: privateKey.armor(),
    };
  } catch {
    return { ok: false, reason: "The key could not be checked; it may be damaged." };
  }
}

/** Why the primary key is unusable at `date` (revoked, expired, bad self-signature), or null. */
async function primaryKeyProblem(key: Key, date: Date): Promise<string | null> {
  try {
    await key.verifyPrimaryKey(date);
    return null;
  } catch {
    if (await key.isRevoked(undefined, undefined, date).catch(() => false)) return "The key is revoked.";
    const expiry = await key.getExpirationTime().catch(() => null);
    if (expiry instanceof Date && expiry <= date) {
      return `The key expired on ${expiry.toISOString().slice(0, 10)}.`;
    }
    return "The key's self-signature is not valid.";
  }
}

function algorithmLabel(info: { algorithm: string; curve?: string; bits?: number }): string {
  const { algorithm, curve, bits } = info;
  if (algorithm.startsWith("rsa")) return `RSA${bits ? ` ${bits}` : ""}`;
  // Same curves, new encoding: what `curve25519` (not `curve25519Legacy`) makes in OpenPGP.js v6.
  if (/^(ed|x)(25519|448)$/.test(algorithm)) return `the newer ${algorithm} of RFC 9580`;
  const name = { ecdsa: "ECDSA", ecdh: "ECDH", eddsaLegacy: "EdDSA", dsa: "DSA", elgamal: "ElGamal" }[
    algorithm
  ];
  return `${name ?? algorithm}${curve ? ` on ${curve}` : ""}`;
}

/** Whether `passphrase` unlocks a locked private key. In the browser only: the passphrase never leaves it. */
export async function unlocksWith(options: {
  lockedPrivateKey: string;
  passphrase: string;
}): Promise<boolean> {
  try {
    await unlock(options.lockedPrivateKey, options.passphrase);
    return true;
  } catch {
    return false;
  }
}

/** A keySecret has the shape createReporterKey() gives it (cheap check before any key work). */
export function isKeySecret(value: string): boolean {
  return BASE64URL_32_BYTES.test(value);
}

/**
 * An armored detached signature (an `.asc` file) over the exact bytes given (a string is signed as its UTF-8
 * bytes, a binary signature: `gpg --verify file.asc file` checks the file as served), made at `date`.
 */
export async function signDetachedBytes(
  privateKey: PrivateKey,
  data: string | Uint8Array,
  date: Date,
): Promise<string> {
  const binary = typeof data === "string" ? new TextEncoder().encode(data) : data;
  return sign({
    message: await createMessage({ binary }),
    signingKeys: privateKey,
    detached: true,
    format: "armored",
    date,
    config: GNUPG22_CONFIG,
  });
}
