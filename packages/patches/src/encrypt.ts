import { decryptBytesWithKeys, encryptBytes } from "@disclose/crypto";
import type { TPatchLimits } from "./limits";
import { parseFormatPatch } from "./parse";
import type { TParseResult, TPatch, TPatchError } from "./types";

type TDecryptionKeys = Parameters<typeof decryptBytesWithKeys>[1];

export type TEncryptedPatch =
  | {
      ok: true;
      /**
       * A binary OpenPGP message (like a report attachment): the file's bytes exactly as uploaded, as a binary
       * literal, so CRLF lines and non-UTF-8 content in the diff survive for `git am`.
       */
      ciphertext: Uint8Array;
      /** The parsed patches, for the browser to show before uploading; never sent as plaintext. */
      patches: TPatch[];
      /** What may be stored as plaintext metadata (the rule: hashes are metadata, content is not). */
      commits: string[];
    }
  | { ok: false; error: TPatchError };

/**
 * Checks and encrypts one `git format-patch` file in the browser to the case's readers' keys. A file that is
 * not a valid patch is refused before anything is encrypted, so the workspace never stores one it cannot show.
 */
export async function encryptPatch(options: {
  patch: Uint8Array;
  recipientKeys: readonly string[];
  limits?: Partial<TPatchLimits>;
}): Promise<TEncryptedPatch> {
  const parsed = parseFormatPatch(options.patch, options.limits);
  if (!parsed.ok) return parsed;
  const ciphertext = await encryptBytes(options.patch, options.recipientKeys);
  return { ok: true, ciphertext, patches: parsed.patches, commits: parsed.patches.map((p) => p.commit) };
}

/**
 * Decrypts a stored patch (binary or armored) with a reader's unlocked keys and parses it for the diff view.
 * `bytes` is the file as uploaded, for the download button.
 */
export async function decryptPatch(
  ciphertext: Uint8Array | string,
  keys: TDecryptionKeys,
  limits?: Partial<TPatchLimits>,
): Promise<{ bytes: Uint8Array; parsed: TParseResult }> {
  const bytes = await decryptBytesWithKeys(ciphertext, keys);
  return { bytes, parsed: parseFormatPatch(bytes, limits) };
}
