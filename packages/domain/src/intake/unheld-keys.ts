import { formatUtc } from "../time/utc";

// Mail encrypted to a key no one here holds (a PST member's retired key, a key the project used before Disclose,
// a stranger's key) is kept as a report rather than refused: by mail there is nobody to ask to encrypt again
// while they wait, and a report must never be lost. The report is flagged with the keys it was encrypted to, so
// the PST knows whom to ask. Each flag is the key's fingerprint when the key is one we know, else the key ID the
// message names (all an OpenPGP message says of its recipient).

const FINGERPRINT = /^[0-9A-F]{40}$/;
const KEY_ID = /^[0-9A-F]{16}$/;
/** RFC 4880 5.1: a recipient left out on purpose ("gpg --throw-keyids", "hidden recipient"). */
export const HIDDEN_RECIPIENT_KEY_ID = "0000000000000000";
/** More flags than this say nothing more to a person; a message may carry hundreds of key packets. */
export const UNHELD_KEYS_MAX = 20;

/** A key of ours that could have been the recipient: its fingerprint and the IDs of its (sub)keys. */
export interface TKnownKey {
  fingerprint: string;
  keyIds: readonly string[];
}

/**
 * The flags for a message no current key can decrypt: one per distinct recipient, in the message's order, the
 * known key's fingerprint where a key ID is one of its (sub)keys, else the key ID itself. Key IDs are matched
 * case-insensitively; anything that is not a 16-hex key ID is dropped (it is not a recipient we could name).
 */
export function unheldKeyFlags(messageKeyIds: readonly string[], known: readonly TKnownKey[]): string[] {
  const byKeyId = new Map<string, string>();
  for (const key of known) {
    const fingerprint = key.fingerprint.toUpperCase();
    if (!FINGERPRINT.test(fingerprint)) continue;
    for (const id of [...key.keyIds, fingerprint.slice(-16)]) {
      const keyId = id.toUpperCase();
      // The first known key keeps a key ID: two keys sharing one is a collision the PST cannot act on anyway.
      if (KEY_ID.test(keyId) && keyId !== HIDDEN_RECIPIENT_KEY_ID && !byKeyId.has(keyId))
        byKeyId.set(keyId, fingerprint);
    }
  }
  const flags: string[] = [];
  for (const id of messageKeyIds) {
    const keyId = id.toUpperCase();
    if (!KEY_ID.test(keyId)) continue;
    const flag = byKeyId.get(keyId) ?? keyId;
    if (!flags.includes(flag)) flags.push(flag);
    if (flags.length === UNHELD_KEYS_MAX) break;
  }
  return flags;
}

/** Whether a stored flag is a fingerprint (a key we know) rather than a bare key ID. */
export function isFingerprintFlag(flag: string): boolean {
  return FINGERPRINT.test(flag);
}

/** A flag as the PST reads it, with what the server knows of the key. */
export type TUnheldKey =
  /** A person's key here, no longer in use (retired) or not one reports go to. */
  | { kind: "person"; fingerprint: string; ownerName: string; retiredAt: Date | null }
  /** A team key imported here and retired since. */
  | { kind: "team"; fingerprint: string; label: string; retiredAt: Date | null }
  | { kind: "unknown"; keyId: string };

/** One key, named for a person: whose it is and since when it is retired, or the key ID a stranger's key has. */
export function describeUnheldKey(key: TUnheldKey): string {
  switch (key.kind) {
    case "person":
      return key.retiredAt
        ? `retired key ${key.fingerprint} of ${key.ownerName}, retired ${formatUtc(key.retiredAt)}`
        : `key ${key.fingerprint} of ${key.ownerName}, which reports are not encrypted to`;
    case "team":
      return key.retiredAt
        ? `retired team key ${key.fingerprint} (${key.label}), retired ${formatUtc(key.retiredAt)}`
        : `team key ${key.fingerprint} (${key.label})`;
    case "unknown":
      return key.keyId === HIDDEN_RECIPIENT_KEY_ID
        ? "a hidden recipient (the sender's program left the key ID out)"
        : `an unknown key ${key.keyId}`;
  }
}

/** The whole sentence: "Encrypted to retired key … of Ana, retired …, and an unknown key …". */
export function describeUnheldKeys(keys: readonly TUnheldKey[]): string {
  const names = keys.map(describeUnheldKey);
  if (names.length === 0) return "Encrypted to no key anyone here holds.";
  const list =
    names.length === 1 ? names[0] : `${names.slice(0, -1).join("; ")}; and ${names[names.length - 1]}`;
  return `Encrypted to ${list}.`;
}

/** What the PST can do about it, for the keys at hand. */
export function unheldKeysAdvice(keys: readonly TUnheldKey[]): string[] {
  const advice: string[] = [];
  if (keys.some((k) => k.kind === "person"))
    advice.push(
      "Ask the key's owner to open the report here with their key unlocked (a retired key unlocks with the passphrase it had): it is then granted to everyone who reads the case. Failing that, they decrypt it with the private key they hold elsewhere and add what it says to the case.",
    );
  if (keys.some((k) => k.kind === "unknown" && k.keyId !== HIDDEN_RECIPIENT_KEY_ID))
    advice.push(
      "If the key is the project's own (an address it published before Disclose), import it on the Keys page as a team key: the report becomes readable to the PST.",
    );
  if (keys.some((k) => k.kind === "team"))
    advice.push("Whoever kept the retired team key can decrypt it, or import it again as a team key.");
  if (keys.some((k) => k.kind === "unknown" && k.keyId === HIDDEN_RECIPIENT_KEY_ID))
    advice.push("Try decrypting it with gpg and each key you hold; or ask the sender to encrypt it again.");
  advice.push("Otherwise ask the sender to encrypt it again to the keys in /pgp-keys.asc.");
  return advice;
}
