import {
  decrypt,
  decryptKey,
  decryptSessionKeys,
  encryptSessionKey,
  type PrivateKey,
  type PublicKey,
  readKey,
  readMessage,
  readPrivateKey,
} from "openpgp";
import { GNUPG22_CONFIG } from "./pgp";

/**
 * What a reader's browser does with keys it has unlocked once (see the admin app's keyring): decrypt items
 * and re-wrap their session keys for a newcomer. The server never sees a session key or a plaintext.
 */

/** Unlocks a locked private key; throws when the passphrase does not fit. */
export async function unlockPrivateKey(lockedPrivateKey: string, passphrase: string): Promise<PrivateKey> {
  return decryptKey({ privateKey: await readPrivateKey({ armoredKey: lockedPrivateKey }), passphrase });
}

async function messageOf(ciphertext: string | Uint8Array) {
  return typeof ciphertext === "string"
    ? readMessage({ armoredMessage: ciphertext })
    : readMessage({ binaryMessage: ciphertext });
}

/** Decrypts a text message (armored or binary) with any of the unlocked keys. */
export async function decryptTextWithKeys(
  ciphertext: string | Uint8Array,
  keys: readonly PrivateKey[],
): Promise<string> {
  const { data } = await decrypt({
    message: await messageOf(ciphertext),
    decryptionKeys: [...keys],
    config: GNUPG22_CONFIG,
  });
  return typeof data === "string" ? data : new TextDecoder().decode(data as Uint8Array);
}

/** Decrypts a message to bytes (an attachment) with any of the unlocked keys. */
export async function decryptBytesWithKeys(
  ciphertext: string | Uint8Array,
  keys: readonly PrivateKey[],
): Promise<Uint8Array> {
  const { data } = await decrypt({
    message: await messageOf(ciphertext),
    decryptionKeys: [...keys],
    format: "binary",
    config: GNUPG22_CONFIG,
  });
  return data as Uint8Array;
}

/** A grantee's public key, parsed once for the many items of a grant. */
export async function readPublicKey(armoredKey: string): Promise<PublicKey> {
  return (await readKey({ armoredKey })).toPublic();
}

/**
 * Re-wraps one item for a new reader: opens the session key from the granter's own session-key packets
 * (binary, as the server serves them) and encrypts it to the grantee's key. Returns the new session-key packet
 * (binary); placed in front of the item's unchanged encrypted data it forms a message the grantee (and GnuPG)
 * can decrypt.
 */
export async function rewrapKeyPackets(options: {
  keyPackets: Uint8Array;
  decryptionKeys: readonly PrivateKey[];
  grantee: PublicKey;
}): Promise<Uint8Array> {
  const [sessionKey] = await decryptSessionKeys({
    message: await readMessage({ binaryMessage: options.keyPackets }),
    decryptionKeys: [...options.decryptionKeys],
    config: GNUPG22_CONFIG,
  });
  if (!sessionKey?.algorithm) throw new Error("The session key could not be opened with your keys.");
  return encryptSessionKey({
    data: sessionKey.data,
    algorithm: sessionKey.algorithm,
    encryptionKeys: options.grantee,
    format: "binary",
    config: GNUPG22_CONFIG,
  });
}

/** One grantee's share of grant work, as the server lists it: their key, and the granter's packets per item. */
export interface TGrantTarget<Kind extends string = string> {
  granteeUserId: string;
  granteeFingerprint: string;
  granteePublicKey: string;
  items: { kind: Kind; itemId: string /** base64 */; packets: string }[];
}

/** A re-wrapped item, ready to send back: the grantee's new session-key packet, base64. */
export interface TGrant<Kind extends string = string> {
  kind: Kind;
  itemId: string;
  granteeUserId: string;
  granteeFingerprint: string;
  packets: string;
}

/** Re-wraps every item of one target for its grantee (see rewrapKeyPackets). */
export async function rewrapGrantTarget<Kind extends string>(
  target: TGrantTarget<Kind>,
  decryptionKeys: readonly PrivateKey[],
): Promise<TGrant<Kind>[]> {
  const grantee = await readPublicKey(target.granteePublicKey);
  const grants: TGrant<Kind>[] = [];
  for (const item of target.items) {
    const packet = await rewrapKeyPackets({ keyPackets: fromBase64(item.packets), decryptionKeys, grantee });
    grants.push({
      kind: item.kind,
      itemId: item.itemId,
      granteeUserId: target.granteeUserId,
      granteeFingerprint: target.granteeFingerprint,
      packets: toBase64(packet),
    });
  }
  return grants;
}

function fromBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}
