import { checkAuthRequestBody, createAuthOptions } from "@disclose/api";
import { NextRequest } from "next/server";
import NextAuth from "next-auth";

// next-auth's endpoints: the email-link request, its callback, the CSRF token and sign-out. Built on the first
// request, not at import: `next build` loads this module, and AUTH_SECRET belongs to the running server.
let handler: ReturnType<typeof NextAuth> | undefined;

async function auth(req: NextRequest, context: { params: Promise<{ nextauth: string[] }> }) {
  handler ??= NextAuth(createAuthOptions());
  if (req.method !== "POST") return handler(req, context);
  // A post is read here first, with a cap, and refused with a 4xx where next-auth would fail with a 500.
  const checked = await checkAuthRequestBody(req);
  if (checked instanceof Response) return checked;
  const request = new NextRequest(req.url, {
    method: req.method,
    headers: req.headers,
    body: checked.body as Uint8Array<ArrayBuffer>,
  });
  return handler(request, context);
}

export { auth as GET, auth as POST };
