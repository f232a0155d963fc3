import type { NextConfig } from "next";

// Security headers for every response. The Content-Security-Policy (a fresh nonce per page), HSTS and the pages'
// Cache-Control come from each app's proxy.ts (`createSecurityProxy`): they differ per request.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** The Next.js configuration both apps share, so their security headers cannot drift apart. */
export const sharedNextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  transpilePackages: [
    "@disclose/api",
    "@disclose/crypto",
    "@disclose/db",
    "@disclose/domain",
    "@disclose/email",
    "@disclose/log",
    "@disclose/patches",
    "@disclose/ui",
  ],
  serverExternalPackages: [
    "pg",
    "@prisma/adapter-pg",
    "nodemailer",
    "smtp-server",
    "mailparser",
    "graphile-worker",
    "pino",
    "pino-pretty",
  ],
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      // Route handlers answer with case data (tRPC, attachments, a report's receipt) or errors about it; the
      // few public files under /api set their own caching.
      { source: "/api/:path*", headers: [{ key: "Cache-Control", value: "no-store" }] },
    ];
  },
};

/**
 * The largest POST a page takes: the portal's no-JavaScript report form (a server action, up to 25 MB of
 * files). Up to this, an oversized report comes back as the form with a clear message and what was typed; past
 * it, the proxy redirects to the form before the body is read (what was typed cannot be kept then).
 */
export const PAGE_POST_MAX_BYTES = 64 * 1024 * 1024;
