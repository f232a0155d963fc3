import type { NextConfig } from "next";

// Security headers for every response. The CSP is tightened further as features land.
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
    "@disclose/ui",
  ],
  // The portal's no-JavaScript report form posts up to 25 MB of attachments to a server action.
  experimental: { serverActions: { bodySizeLimit: "26mb" } },
  serverExternalPackages: [
    "pg",
    "@prisma/adapter-pg",
    "nodemailer",
    "smtp-server",
    "mailparser",
    "graphile-worker",
  ],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};
