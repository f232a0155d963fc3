import {
  createMessage,
  decrypt,
  decryptKey,
  encrypt,
  generateKey,
  type Key,
  type PartialConfig,
  type PublicKey,
  readKey,
  readMessage,
  readPrivateKey,
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
}): Promise<TLockedKeyPair> {
  const { publicKey, privateKey } = await generateKey({
    type: "ecc",
    curve: "curve25519Legacy",
    userIDs: [{ name: options.name, ...(options.email ? { email: options.email } : {}) }],
    passphrase: options.passphrase,
    format: "armored",
    config: GNUPG22_CONFIG,
  });
  return { fingerprint: await fingerprintOf(publicKey), publicKey, lockedPrivateKey: privateKey };
}

/**
 * The reporter's own key pair for the PST's replies, locked with a fresh 256-bit `keySecret` that lives only in
 * the tracking link's fragment.
 */
export async function createReporterKey(): Promise<TLockedKeyPair & { keySecret: string }> {
  const keySecret = randomBase64Url(32);
  const pair = await generateLockedKey({ name: "Disclose reporter", passphrase: keySecret });
  return { ...pair, keySecret };
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
}): Promise<{ ok: true; fingerprint: string } | { ok: false; reason: string }> {
  try {
    const publicKey = await readKey({ armoredKey: options.publicKey });
    if (publicKey.isPrivate()) return { ok: false, reason: "The reporter public key is a private key." };
    const privateKey = await readPrivateKey({ armoredKey: options.lockedPrivateKey });
    // A browser bug that sent the private key unlocked would hand the server the reporter's replies.
    if (privateKey.isDecrypted()) return { ok: false, reason: "The reporter private key is not locked." };
    if (privateKey.getFingerprint() !== publicKey.getFingerprint()) {
      return { ok: false, reason: "The reporter keys do not belong together." };
    }
    if (encryptionKeyIdsOf(publicKey).length === 0) {
      return { ok: false, reason: "The reporter public key cannot encrypt." };
    }
    return { ok: true, fingerprint: publicKey.getFingerprint().toUpperCase() };
  } catch {
    return { ok: false, reason: "The reporter keys are not valid OpenPGP keys." };
  }
}

/** A keySecret has the shape createReporterKey() gives it (cheap check before any key work). */
export function isKeySecret(value: string): boolean {
  return BASE64URL_32_BYTES.test(value);
}
