import type { AdminRouter } from "@disclose/api";
import type { TParseResult } from "@disclose/patches";
import type { inferRouterOutputs } from "@trpc/server";
import type { PrivateKey } from "openpgp";
import { adminClient } from "~/trpc/client";

export type TPatchList = inferRouterOutputs<AdminRouter>["patches"]["list"];
export type TPatchBranch = TPatchList["branches"][number];
export type TPatchVersion = TPatchBranch["versions"][number];

// OpenPGP.js and the patch parser are large: loaded once there is something to decrypt, parse or encrypt.
export const loadCrypto = () => import("@disclose/crypto");
export const loadPatches = () => import("@disclose/patches");

/** A patch version opened in this browser: the file as uploaded, parsed for the diff, and its name. */
export interface TOpenedPatch {
  bytes: Uint8Array;
  parsed: TParseResult;
  fileName: string;
}

/**
 * Reads one version (served with this member's own session-key packets; the server audits the read), decrypts
 * it with the tab's unlocked keys and parses it for the diff view.
 */
export async function openPatchVersion(
  reportId: string,
  versionId: string,
  keys: PrivateKey[],
): Promise<TOpenedPatch> {
  const read = await adminClient().patches.read.query({ versionId, reportId });
  const [{ decryptBytesWithKeys }, { parseFormatPatch }] = await Promise.all([loadCrypto(), loadPatches()]);
  let bytes: Uint8Array;
  try {
    bytes = await decryptBytesWithKeys(base64ToBytes(read.ciphertext), keys);
  } catch {
    throw new Error(
      "This patch could not be decrypted with your unlocked key. It was granted to a key of yours that is not unlocked in this tab (an older key?), or to none.",
    );
  }
  return { bytes, parsed: parseFormatPatch(bytes), fileName: read.fileName };
}

/** Saves bytes as a file through a short-lived object URL (the decrypted patch never leaves the browser). */
export function saveFile(bytes: Uint8Array, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Base64 in slices, so a 10 MB file does not overflow the argument list of String.fromCharCode. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  const slice = 0x8000;
  for (let i = 0; i < bytes.length; i += slice) {
    binary += String.fromCharCode(...bytes.subarray(i, i + slice));
  }
  return btoa(binary);
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The URL of a version's encrypted download (for gpg); scoped to the case the page shows. */
export const encryptedDownloadHref = (reportId: string, versionId: string) =>
  `/api/patches/${encodeURIComponent(versionId)}?case=${encodeURIComponent(reportId)}`;
