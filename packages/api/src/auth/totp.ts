import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, randomInt } from "node:crypto";
import { Secret, TOTP } from "otpauth";

/** RFC 6238 as every authenticator app implements it: SHA-1, 6 digits, 30-second steps. */
const PERIOD_S = 30;
const DIGITS = 6;
/** A code of the previous or next step is accepted too (clock drift, typing time). */
const WINDOW = 1;

function totpFor(secretBase32: string, label = "", issuer = "Disclose"): TOTP {
  return new TOTP({
    issuer,
    label,
    algorithm: "SHA1",
    digits: DIGITS,
    period: PERIOD_S,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A new 160-bit TOTP secret (base32) and the otpauth:// URI an authenticator app scans. */
export function newTotpSecret(accountEmail: string, issuer: string): { secretBase32: string; uri: string } {
  const secretBase32 = new Secret({ size: 20 }).base32;
  return { secretBase32, uri: totpFor(secretBase32, accountEmail, issuer).toString() };
}

/** The code an authenticator shows at `now` (tests and the demo seed use it). */
export function totpCodeAt(secretBase32: string, now: Date): string {
  return totpFor(secretBase32).generate({ timestamp: now.getTime() });
}

/**
 * The time step `code` belongs to, if it is right for `now` (± one step), else null. Callers refuse a step at
 * or before the last one accepted, so a code cannot be replayed.
 */
export function matchTotpStep(secretBase32: string, code: string, now: Date): number | null {
  if (!new RegExp(`^\\d{${DIGITS}}$`).test(code)) return null;
  const delta = totpFor(secretBase32).validate({ token: code, timestamp: now.getTime(), window: WINDOW });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / PERIOD_S) + delta;
}

// The TOTP secret must be readable by the server to check codes, so it is encrypted rather than hashed: a copy of
// the database alone does not give anyone the codes.
function secretKey(authSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret, "disclose", "totp-secret:v1", 32));
}

export function encryptTotpSecret(secretBase32: string, authSecret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", secretKey(authSecret), iv);
  const ciphertext = Buffer.concat([cipher.update(secretBase32, "utf8"), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64url")}`;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Throws when `authSecret` does not open `stored` (another secret, tampered, truncated, unknown format). */
export function decryptTotpSecret(stored: string, authSecret: string): string {
  if (!stored.startsWith("v1.")) throw new Error("unknown TOTP secret format");
  const raw = Buffer.from(stored.slice(3), "base64url");
  // The full 16-byte tag, always: GCM would otherwise accept a tag truncated to as little as 4 bytes.
  if (raw.length <= IV_BYTES + TAG_BYTES) throw new Error("TOTP secret is truncated");
  const decipher = createDecipheriv("aes-256-gcm", secretKey(authSecret), raw.subarray(0, IV_BYTES), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
    "utf8",
  );
}

/**
 * The secrets a stored TOTP secret may be encrypted under: `current` (AUTH_SECRET, the only one anything is
 * encrypted with) and, while AUTH_SECRET is being rotated, `previous` (AUTH_SECRET_PREVIOUS).
 */
export interface TTotpKeys {
  current: string;
  previous: string | null;
}

/**
 * Opens a stored TOTP secret with the current secret, else the previous one; says which one opened it (a
 * secret under the previous one is to be re-encrypted under the current). Null when neither does.
 */
export function openTotpSecret(
  stored: string,
  keys: TTotpKeys,
): { secretBase32: string; under: "current" | "previous" } | null {
  const candidates: ["current" | "previous", string][] = [["current", keys.current]];
  if (keys.previous) candidates.push(["previous", keys.previous]);
  for (const [under, key] of candidates) {
    try {
      return { secretBase32: decryptTotpSecret(stored, key), under };
    } catch {
      // Not this secret (or not readable at all): try the next.
    }
  }
  return null;
}

// Recovery codes: 10 characters from an alphabet without look-alikes (50 bits each), shown as xxxxx-xxxxx.
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
export const RECOVERY_CODE_COUNT = 10;

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]);
    return `${chars.slice(0, 5).join("")}-${chars.slice(5).join("")}`;
  });
}

/** Case, spaces and dashes do not matter when a recovery code is typed. */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replaceAll(/[\s-]/g, "");
}

export function looksLikeRecoveryCode(code: string): boolean {
  return /^[a-z0-9]{10}$/.test(normaliseRecoveryCode(code));
}

export function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(normaliseRecoveryCode(code)).digest("hex");
}
