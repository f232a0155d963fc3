import { createAuthOptions } from "@disclose/api";
import NextAuth from "next-auth";

// next-auth's endpoints: the email-link request, its callback, the CSRF token and sign-out. Built on the first
// request, not at import: `next build` loads this module, and AUTH_SECRET belongs to the running server.
let handler: ReturnType<typeof NextAuth> | undefined;

function auth(req: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  handler ??= NextAuth(createAuthOptions());
  return handler(req, context);
}

export { auth as GET, auth as POST };
