import { type Db, getDb, type Role } from "@disclose/db";
import { parse as parseCookies } from "cookie";
import { hashSessionToken, SESSION_COOKIE_NAMES } from "./auth/session-token";
import { caseClockNow } from "./case-clock";
import { apiEnv } from "./env";
import { clientIpOf } from "./http/client-ip";

export type TApp = "portal" | "admin";

/** Names next-auth gives its database-session cookie (the secure variant is used over HTTPS). */
export { SESSION_COOKIE_NAMES } from "./auth/session-token";

export interface SessionInfo {
  sessionId: string;
  userId: string;
  email: string;
  name: string | null;
  roles: Role[];
  /** This session has passed the second factor (nothing beyond the second-factor page works before). */
  secondFactorPassed: boolean;
  /** The distributor organisation this account speaks for, if any. */
  distributor: { organizationId: string; status: "active" | "warned" | "removed" } | null;
}

export interface Context {
  app: TApp;
  /** The app's public URL; mutations must come from its origin. */
  appUrl: string;
  db: Db;
  /** The wall clock: sessions, sign-in links, second factors, rate limits. */
  now: Date;
  /**
   * The case clock: timelines, deadlines and reminders. The wall clock, except in test mode where the end-to-end
   * tests move it ahead (case-clock.ts); never used for anything that guards access.
   */
  caseNow: Date;
  origin: string | null;
  /** The client's address as far as it can be known (see clientIpOf); for rate limits only. */
  clientIp: string;
  session: SessionInfo | null;
  /**
   * The response's headers, where the request has a response of its own (the tRPC route handler): what sets a
   * cookie, e.g. the new session token after the second factor. Null for a server-side caller.
   */
  responseHeaders: Headers | null;
}

export interface CreateContextOptions {
  app: TApp;
  appUrl: string;
  db: Db;
  headers: Headers;
  now?: Date;
  /** Defaults to the wall clock plus the test clock's offset (zero outside test mode). */
  caseNow?: Date;
  responseHeaders?: Headers;
  /** The session `requestSessionOf` already resolved for these headers (undefined: resolve it here). */
  session?: SessionInfo | null;
}

/** The app's public URL, from the environment (PORTAL_URL, ADMIN_URL). */
export function appUrlOf(app: TApp): string {
  const env = apiEnv();
  return app === "admin" ? env.ADMIN_URL : env.PORTAL_URL;
}

/**
 * The context of one request to an app, from that request alone: the API finds its own database, clock and app
 * URL, so an app hands over headers and never touches `packages/db`.
 */
export function createRequestContext({
  app,
  headers,
  session,
}: {
  app: TApp;
  headers: Headers;
  session?: SessionInfo | null;
}): Promise<Context> {
  return createContext({ app, appUrl: appUrlOf(app), db: getDb(), headers, session });
}

/** The request's staff session (null: signed out, revoked, expired or deactivated). */
export async function requestSessionOf(headers: Headers): Promise<SessionInfo | null> {
  return resolveSession(getDb(), headers.get("cookie"), new Date());
}

/** Resolves the session once per request, so every procedure sees the same, current answer. */
export async function createContext(options: CreateContextOptions): Promise<Context> {
  const now = options.now ?? new Date();
  return {
    app: options.app,
    appUrl: options.appUrl,
    db: options.db,
    now,
    caseNow: options.caseNow ?? (await caseClockNow(options.db, now)),
    origin: options.headers.get("origin"),
    clientIp: clientIpOf(options.headers, apiEnv().TRUST_PROXY === "1"),
    session:
      options.session !== undefined
        ? options.session
        : await resolveSession(options.db, options.headers.get("cookie"), now),
    responseHeaders: options.responseHeaders ?? null,
  };
}

async function resolveSession(db: Db, cookieHeader: string | null, now: Date): Promise<SessionInfo | null> {
  if (!cookieHeader) return null;
  const cookies = parseCookies(cookieHeader);
  const token = SESSION_COOKIE_NAMES.map((name) => cookies[name]).find(Boolean);
  if (!token) return null;
  const session = await db.session.findUnique({
    where: { sessionToken: hashSessionToken(token) },
    include: { user: { include: { roles: true, distributorMembership: true } } },
  });
  // An expired session or a deactivated user is no session at all, from this request on.
  if (!session || session.expires <= now || !session.user.active) return null;
  return {
    sessionId: session.id,
    userId: session.userId,
    email: session.user.email,
    name: session.user.name,
    roles: session.user.roles.map((r) => r.role),
    secondFactorPassed: session.secondFactorAt !== null,
    distributor: distributorOf(session.user.distributorMembership),
  };
}

/** A distributor membership row as the session (and the domain's actor) sees it. */
export function distributorOf(
  membership: { organizationId: string; status: string } | null,
): SessionInfo["distributor"] {
  if (!membership) return null;
  const status =
    membership.status === "warned" || membership.status === "removed" ? membership.status : "active";
  return { organizationId: membership.organizationId, status };
}
