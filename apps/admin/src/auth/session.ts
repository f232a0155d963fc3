import "server-only";
import { requestSessionOf, type SessionInfo } from "@disclose/api";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";

/**
 * The request's session as the API sees it (null: signed out, revoked, expired or deactivated). Looked up once
 * per request: the layout, the header and the page all ask.
 */
export const currentSession = cache(async (): Promise<SessionInfo | null> => {
  // Request headers first: they make the page dynamic, so nothing below runs at build time.
  return requestSessionOf(await headers());
});

/**
 * For every page beyond sign-in: sends a signed-out visitor to sign in, and a session that has not passed the
 * second factor to it. The API checks the same on every procedure; this only keeps people on the right page.
 */
export async function requireStaffSession(): Promise<SessionInfo> {
  const session = await currentSession();
  if (!session) redirect("/sign-in");
  if (!session.secondFactorPassed) redirect("/sign-in/second-factor");
  return session;
}
