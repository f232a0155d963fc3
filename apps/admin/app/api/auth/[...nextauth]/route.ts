import { createAuthOptions } from "@disclose/api";
import { getDb } from "@disclose/db";
import NextAuth from "next-auth";

// next-auth's endpoints: the email-link request, its callback, the CSRF token and sign-out.
const handler = NextAuth(createAuthOptions({ db: getDb }));

export { handler as GET, handler as POST };
