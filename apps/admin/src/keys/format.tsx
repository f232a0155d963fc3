import type { AdminRouter } from "@disclose/api";
import type { inferRouterOutputs } from "@trpc/server";

type Outputs = inferRouterOutputs<AdminRouter>["keys"];
export type TMine = Outputs["mine"];
export type TMyKey = NonNullable<TMine["current"]>;
export type TTeamKey = Outputs["team"][number];

/** The person a new key is made for: its user ID. */
export interface TKeyOwner {
  name: string;
  email: string;
}

/** Passphrases shorter than this are refused here (the server never sees them, so it cannot check). */
export const PASSPHRASE_MIN_CHARS = 12;

/**
 * Same as ARMORED_STAFF_KEY_MAX_CHARS in @disclose/crypto, repeated because importing anything from that package
 * statically would load OpenPGP.js with the page instead of when a key is made.
 */
export const KEY_FILE_MAX_BYTES = 64 * 1024;

/** Groups of four, as GnuPG and most key servers show them, so people can compare them by eye. */
export function formatFingerprint(fingerprint: string): string {
  return fingerprint.replace(/(.{4})(?=.)/g, "$1 ");
}

export function Fingerprint({ value }: { value: string }) {
  return (
    <code data-testid="fingerprint" className="break-words font-mono text-sm text-slate-900">
      {formatFingerprint(value)}
    </code>
  );
}

/** "2026-11-24 12:00 UTC": dates are always shown in UTC in Disclose. */
export function formatUtcDate(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** Saves text as a file in the browser (a public key, or a backup of a locked private key). */
export function downloadText(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "application/pgp-keys" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  // Revoked a little later: some browsers start the download after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
