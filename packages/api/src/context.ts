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
  return resolveSession(getDb(), headers, new Date(), clientIpOf(headers, apiEnv().TRUST_PROXY === "1"));
}

/** Resolves the session once per request, so every procedure sees the same, current answer. */
export async function createContext(options: CreateContextOptions): Promise<Context> {
  const now = options.now ?? new Date();
  const clientIp = clientIpOf(options.headers, apiEnv().TRUST_PROXY === "1");
  return {
    app: options.app,
    appUrl: options.appUrl,
    db: options.db,
    now,
    caseNow: options.caseNow ?? (await caseClockNow(options.db, now)),
    origin: options.headers.get("origin"),
    clientIp,
    session:
      options.session !== undefined
        ? options.session
        : await resolveSession(options.db, options.headers, now, clientIp),
    responseHeaders: options.responseHeaders ?? null,
  };
}

/** How stale a session's "last seen" may get before a request writes it again (not on every request). */
export const LAST_SEEN_EVERY_MS = 5 * 60_000;
/** The most of a User-Agent kept: enough to name any real browser, not a place to store a payload. */
export const USER_AGENT_MAX_CHARS = 512;

async function resolveSession(
  db: Db,
  headers: Headers,
  now: Date,
  clientIp: string,
): Promise<SessionInfo | null> {
  const cookieHeader = headers.get("cookie");
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
  await noteSessionUse(db, session, headers, now, clientIp);
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

/**
 * Keeps the account page's "last seen" to within LAST_SEEN_EVERY_MS, and names the device and address of a session
 * made without them (next-auth's email callback makes the row) from its first use. At most one write every few
 * minutes per session: the condition is in the UPDATE, so requests arriving together write once.
 */
async function noteSessionUse(
  db: Db,
  session: { id: string; lastSeenAt: Date | null; userAgent: string | null; createdIp: string | null },
  headers: Headers,
  now: Date,
  clientIp: string,
): Promise<void> {
  const cutoff = new Date(now.getTime() - LAST_SEEN_EVERY_MS);
  const stale = session.lastSeenAt === null || session.lastSeenAt <= cutoff;
  // PostgreSQL text cannot hold U+0000; a header normally cannot carry one, but this must not fail a request.
  const userAgent =
    headers.get("user-agent")?.replaceAll("\u0000", "").slice(0, USER_AGENT_MAX_CHARS) || null;
  const address = clientIp === "unknown" ? null : clientIp;
  const fillAgent = session.userAgent === null && userAgent !== null;
  const fillAddress = session.createdIp === null && address !== null;
  if (!stale && !fillAgent && !fillAddress) return;
  await db.session.updateMany({
    where: {
      id: session.id,
      ...(stale && !fillAgent && !fillAddress
        ? { OR: [{ lastSeenAt: null }, { lastSeenAt: { lte: cutoff } }] }
        : {}),
    },
    data: {
      ...(stale ? { lastSeenAt: now } : {}),
      ...(fillAgent ? { userAgent } : {}),
      ...(fillAddress ? { createdIp: address } : {}),
    },
  });
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
