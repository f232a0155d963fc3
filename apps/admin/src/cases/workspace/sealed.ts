import { TRPCClientError } from "@trpc/client";
import type { PrivateKey } from "openpgp";
import { errorMessage } from "~/trpc/client";

// OpenPGP.js is large: loaded only once there is something to decrypt or encrypt.
export const loadCrypto = () => import("@disclose/crypto");

/** A sealed item as shown: decrypted here, not granted to this reader (yet), or not readable with the keys here. */
export type Shown = { text: string } | { missing: "not-granted" | "failed" };

/** The server refused an item as encrypted to a reader list that changed meanwhile: encrypt once more. */
export const STALE = /everyone who reads this case/;

export async function decryptItems(
  items: readonly { id: string; ciphertext: string | null }[],
  keys: PrivateKey[],
): Promise<Record<string, Shown>> {
  const shown: Record<string, Shown> = {};
  if (items.length === 0) return shown;
  const crypto = await loadCrypto();
  for (const item of items) {
    shown[item.id] = item.ciphertext
      ? await crypto
          .decryptTextWithKeys(item.ciphertext, keys)
          .then((text) => ({ text }))
          .catch(() => ({ missing: "failed" as const }))
      : { missing: "not-granted" };
  }
  return shown;
}

/** What to show for a sealed item: its text, or why there is none. */
export function shownText(shown: Shown | undefined, locked: boolean): string {
  if (locked) return "(Unlock your key to read this.)";
  if (!shown) return "Decrypting…";
  if ("text" in shown) return shown.text;
  return shown.missing === "not-granted"
    ? "(Not granted to your key yet.)"
    : "(This could not be decrypted with your unlocked key.)";
}

/** Encrypts `text` in this browser to the readers' public keys (no private key needed). */
export async function sealTo(
  text: string,
  readers: readonly { key: { armoredPublicKey: string } | null }[],
): Promise<string> {
  const crypto = await loadCrypto();
  return crypto.encryptText(
    text,
    readers.flatMap((r) => (r.key ? [r.key.armoredPublicKey] : [])),
  );
}

/** A refusal's message and the form field the server named, if any. */
export function refusalOf(error: unknown): { field: string | null; message: string } {
  const details =
    error instanceof TRPCClientError
      ? (error.data as { appDetails?: { field?: string } } | undefined)?.appDetails
      : undefined;
  return { field: details?.field ?? null, message: errorMessage(error) };
}

/** The people who have no key yet, said once under a form that encrypts. */
export function withoutKeyNote(
  readers: readonly { name: string; key: unknown }[],
  what: string,
): string | null {
  const without = readers.filter((r) => !r.key);
  if (without.length === 0) return null;
  return `${without.map((r) => r.name).join(", ")} ${without.length === 1 ? "has" : "have"} no key yet and will get ${what} by a grant once they do.`;
}
