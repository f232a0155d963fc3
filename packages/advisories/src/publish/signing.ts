import { hkdfSync } from "node:crypto";
import { generateLockedKey, signDetachedBytes, unlockPrivateKey } from "@disclose/crypto";

/**
 * The project signing key signs what the portal publishes (CSAF documents, `.asc` beside each). The server
 * signs unattended, so it must be able to unlock the key; the private half is stored only locked, under a
 * passphrase derived from a secret that lives in the environment, never in the database.
 */

/** An environment secret shorter than this is refused: it is all that protects the stored private key. */
export const SIGNING_SECRET_MIN_LENGTH = 32;

export interface TSigningKey {
  /** Armored public key: publish it, and list it in provider-metadata.json's `public_openpgp_keys`. */
  publicKey: string;
  /** Upper-case hex v4 fingerprint. */
  fingerprint: string;
  /** Armored private key, locked with a passphrase derived from the secret: safe to store in the database. */
  lockedPrivateKey: string;
}

/** An unlocked signing key, for signing many files with one unlock. Keep it in memory only. */
export interface TSigner {
  fingerprint: string;
  /** Armored detached signature (the `.asc` file) over the exact bytes (a string is signed as UTF-8). */
  sign(data: string | Uint8Array, now: Date): Promise<string>;
}

export class SigningKeyError extends Error {
  override name = "SigningKeyError";
}

/**
 * A new project signing key: v4 ed25519 (GnuPG 2.2 verifies it; an unused cv25519 subkey comes with it, as
 * GnuPG makes them), created at `now`, locked under the secret.
 */
export async function createSigningKey(options: {
  name: string;
  email?: string;
  secret: string;
  now: Date;
  /** Seconds until the key expires (0 or absent: never). An expiry date forces the rotation to happen. */
  expiresInSeconds?: number;
}): Promise<TSigningKey> {
  if (options.name.trim() === "")
    throw new SigningKeyError("The signing key needs a name (e.g. the project's).");
  const { fingerprint, publicKey, lockedPrivateKey } = await generateLockedKey({
    name: options.name.trim(),
    ...(options.email ? { email: options.email.trim() } : {}),
    passphrase: signingKeyPassphrase(options.secret),
    date: options.now,
    ...(options.expiresInSeconds ? { expiresInSeconds: options.expiresInSeconds } : {}),
  });
  return { publicKey, fingerprint, lockedPrivateKey };
}

/** Unlocks the signing key with the environment secret. Throws a SigningKeyError that says what to do. */
export async function openSigningKey(options: {
  lockedPrivateKey: string;
  secret: string;
}): Promise<TSigner> {
  const passphrase = signingKeyPassphrase(options.secret);
  let key: Awaited<ReturnType<typeof unlockPrivateKey>>;
  try {
    key = await unlockPrivateKey(options.lockedPrivateKey, passphrase);
  } catch (error) {
    const message = error instanceof Error ? error.message : "";
    if (/already decrypted/i.test(message)) {
      throw new SigningKeyError(
        "The stored signing key is not locked. Refusing to use it: create a new signing key (see rotation).",
      );
    }
    if (/passphrase/i.test(message)) {
      throw new SigningKeyError(
        "The signing secret does not unlock the signing key: the secret in the environment is not the one the key was created with. Restore that secret, or create a new signing key and publish it (see rotation).",
      );
    }
    throw new SigningKeyError("The stored signing key is not an armored OpenPGP private key.");
  }
  const info = key.getAlgorithmInfo();
  if (key.keyPacket.version !== 4 || info.algorithm !== "eddsaLegacy") {
    throw new SigningKeyError("The signing key is not a v4 ed25519 key; create a new signing key.");
  }
  const expires = await key.getExpirationTime();
  const created = key.getCreationTime();
  return {
    fingerprint: key.getFingerprint().toUpperCase(),
    async sign(data, now) {
      if (now.getTime() < created.getTime()) {
        throw new SigningKeyError("The signing time is before the key was made: check this server's clock.");
      }
      if (expires instanceof Date && expires.getTime() <= now.getTime()) {
        throw new SigningKeyError(
          `The signing key expired on ${expires.toISOString().slice(0, 10)}; create a new one (see rotation).`,
        );
      }
      return signDetachedBytes(key, data, now);
    },
  };
}

/** One armored detached signature (`.asc`). For many files, open the key once with openSigningKey(). */
export async function signDetached(options: {
  lockedPrivateKey: string;
  secret: string;
  data: string | Uint8Array;
  now: Date;
}): Promise<string> {
  const signer = await openSigningKey(options);
  return signer.sign(options.data, options.now);
}

/**
 * The key's passphrase, derived from the environment secret (HKDF-SHA-256, fixed salt and purpose) so that the
 * secret itself is never the passphrase and one secret could serve other purposes without reuse.
 */
function signingKeyPassphrase(secret: string): string {
  if (typeof secret !== "string" || secret.length < SIGNING_SECRET_MIN_LENGTH) {
    throw new SigningKeyError(
      `The signing secret must be at least ${SIGNING_SECRET_MIN_LENGTH} characters (e.g. \`openssl rand -base64 32\`).`,
    );
  }
  const key = hkdfSync("sha256", secret, "disclose/advisory-signing-key", "openpgp-passphrase-v1", 32);
  return Buffer.from(key).toString("base64url");
}
