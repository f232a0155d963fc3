import { createHash, randomBytes } from "node:crypto";
import { serialize } from "cookie";

/** Session cookies are capabilities: the database keeps only their sha256, so a copy of it opens no session. */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A new session cookie value: 256 random bits. */
export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Names next-auth gives its database-session cookie (the secure variant is used over HTTPS). */
export const SESSION_COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;

/**
 * The database-session cookie, as next-auth v4 makes it for an app at `appUrl` (its defaultCookies: the secure
 * variant over HTTPS). next-auth is given this very definition (createAuthOptions), so a cookie we issue is the
 * same as one it issues.
 */
export function sessionCookie(appUrl: string) {
  const secure = appUrl.startsWith("https://");
  return {
    name: secure ? SESSION_COOKIE_NAMES[0] : SESSION_COOKIE_NAMES[1],
    options: { httpOnly: true, sameSite: "lax" as const, path: "/", secure },
  };
}

/** The Set-Cookie header value that hands a browser a session token, until the session expires. */
export function sessionSetCookie(appUrl: string, token: string, expires: Date): string {
  const { name, options } = sessionCookie(appUrl);
  return serialize(name, token, { ...options, expires });
}
