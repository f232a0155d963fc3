import { type Db, getDb } from "@disclose/db";
import { listPstKeys } from "../use-cases/keys/list-pst-keys";

/** Expires is kept 90 days ahead, counted from today's midnight UTC so the file is stable for a day. */
export const SECURITY_TXT_VALIDITY_DAYS = 90;

/** RFC 9116 security.txt, generated on each request so that Expires never passes. */
export function buildSecurityTxt({
  portalUrl,
  contact,
  now,
}: {
  portalUrl: string;
  contact?: string;
  now: Date;
}): string {
  const origin = new URL(portalUrl).origin;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const expires = new Date(today + SECURITY_TXT_VALIDITY_DAYS * 86_400_000);
  return [
    "# Report security vulnerabilities through the encrypted form (end-to-end encrypted in your browser).",
    `Contact: ${origin}/report`,
    ...(contact ? [`Contact: ${contact}`] : []),
    `Expires: ${expires.toISOString().replace(/\.\d{3}Z$/, "Z")}`,
    `Encryption: ${origin}/pgp-keys.asc`,
    `Acknowledgments: ${origin}/policy#acknowledgments`,
    "Preferred-Languages: en",
    `Canonical: ${origin}/.well-known/security.txt`,
    `Policy: ${origin}/policy`,
    // CSAF 2.0 requirement 8: where the advisories' provider metadata is.
    `CSAF: ${origin}/.well-known/csaf/provider-metadata.json`,
    "",
  ].join("\n");
}

export function createSecurityTxtHandler(options: { portalUrl: string; contact?: string; now?: () => Date }) {
  return function GET(): Response {
    const body = buildSecurityTxt({
      portalUrl: options.portalUrl,
      now: options.now?.() ?? new Date(),
      ...(options.contact ? { contact: options.contact } : {}),
    });
    return new Response(body, {
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "public, max-age=3600" },
    });
  };
}

/** `GET /pgp-keys.asc`: the current PST public keys, concatenated, for reporters who use their own tools. */
export function createPgpKeysHandler(options: { db?: () => Db } = {}) {
  return async function GET(): Promise<Response> {
    const keys = await listPstKeys({ db: (options.db ?? getDb)() });
    if (keys.length === 0) {
      return new Response("No security team keys are configured yet.\n", {
        status: 404,
        headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
      });
    }
    // Plain concatenated blocks: `gpg --import` takes them all at once.
    const body = keys.map((k) => `${k.armoredPublicKey.trim()}\n`).join("");
    return new Response(body, {
      headers: {
        "Content-Type": "application/pgp-keys; charset=utf-8",
        "Content-Disposition": 'inline; filename="pgp-keys.asc"',
        "Cache-Control": "public, max-age=300",
      },
    });
  };
}
