import { apiEnv } from "@disclose/api/env";
import { PAGE_POST_MAX_BYTES } from "@disclose/ui/next-config";
import { createSecurityProxy } from "@disclose/ui/security-proxy";

// Every page: a nonce-based CSP, HSTS over https. The tracking pages show a report's state and thread, and the
// distributor pages an application's tracking link and state, and the announcement pages a subscriber's link: never
// stored. (The API routes are left out
// below: they read their own bodies with their own limits, and next.config.ts marks them no-store.)
export const proxy = createSecurityProxy({
  appUrl: apiEnv().PORTAL_URL,
  development: apiEnv().NODE_ENV === "development",
  noStore: (pathname) =>
    pathname === "/track" ||
    pathname.startsWith("/track/") ||
    pathname.startsWith("/distributors/") ||
    pathname.startsWith("/announcements/"),
  maxPageBodyBytes: PAGE_POST_MAX_BYTES,
});

export const config = {
  matcher: ["/((?!api/|_next/static/|_next/image/).*)"],
};
