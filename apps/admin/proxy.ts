import { apiEnv } from "@disclose/api/env";
import { createSecurityProxy } from "@disclose/ui/security-proxy";

// Every page: a nonce-based CSP, HSTS over https, and no-store: every admin page shows or leads to case data.
// WebAssembly may compile: unlocking a key protected with argon2 needs it. (The API routes are left out below:
// they read their own bodies with their own limits, and next.config.ts marks them no-store.)
export const proxy = createSecurityProxy({
  appUrl: apiEnv().ADMIN_URL,
  development: apiEnv().NODE_ENV === "development",
  noStore: () => true,
  wasm: true,
  // The development mailbox previews a mail's HTML in a sandboxed frame; mail HTML styles with attributes.
  inlineStyleAttributes: (pathname) => pathname.startsWith("/dev/mailbox/"),
});

export const config = {
  matcher: ["/((?!api/|_next/static/|_next/image/).*)"],
};
