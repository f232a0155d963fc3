import { createHmac, hkdfSync } from "node:crypto";
import { type Db, sqlQuery } from "@disclose/db";
import { apiEnv, authSecret } from "../../env";
import { AppError, AppErrorCode } from "../../errors";

export interface TRateLimitRule {
  /** Names the limit (and prefixes its counters), e.g. "submit:ip:minute". */
  name: string;
  points: number;
  windowMs: number;
}

/** The portal's limits. A flood costs one small upsert per request, before any body is read or key is used. */
export const RATE_LIMITS = {
  /** Report submissions per client address. */
  submitPerClient: [
    { name: "submit:client:minute", points: 10, windowMs: 60_000 },
    { name: "submit:client:day", points: 100, windowMs: 86_400_000 },
  ],
  /**
   * All submissions together: a backstop against a flood from many addresses (or behind a proxy that lets
   * clients' addresses through unchecked), so that it cannot fill the disk; generous enough that honest reporters
   * never meet it.
   */
  submitAll: [{ name: "submit:all:minute", points: 600, windowMs: 60_000 }],
  /** Tracking-page reads per client address (tokens cannot be guessed; this only caps load). */
  trackPerClient: [{ name: "track:client:minute", points: 120, windowMs: 60_000 }],
  /** Reporter messages per report. */
  messagePerReport: [{ name: "message:report:hour", points: 30, windowMs: 3_600_000 }],
  /** "Email me this link" per report. */
  emailLinkPerReport: [{ name: "email-link:report:hour", points: 3, windowMs: 3_600_000 }],
  /** Admin sign-in links per email address (a mailbox cannot be flooded through us). */
  signInLinkPerEmail: [{ name: "sign-in-link:email:hour", points: 5, windowMs: 3_600_000 }],
  /** Signing in with a passkey alone, per client address: each try needs a new challenge and a signature. */
  passkeySignInPerClient: [{ name: "passkey-sign-in:client:minute", points: 20, windowMs: 60_000 }],
} as const satisfies Record<string, readonly TRateLimitRule[]>;

let keyed: { secret: string; key: Buffer } | undefined;

/**
 * A counter's key: the rule's name and a keyed hash (HMAC under a key derived from AUTH_SECRET) of its subject, so
 * that no client address or email address is stored in clear and none can be found again by hashing all IPv4
 * addresses. Every instance shares AUTH_SECRET, so they count together; rotating it only restarts the windows.
 */
export function rateLimitCounterKey(rule: Pick<TRateLimitRule, "name">, subject: string): string {
  const secret = authSecret();
  if (keyed?.secret !== secret) {
    keyed = { secret, key: Buffer.from(hkdfSync("sha256", secret, "disclose", "rate-limit-keys:v1", 32)) };
  }
  return `${rule.name}:${createHmac("sha256", keyed.key).update(subject).digest("base64url").slice(0, 32)}`;
}

/** One counter to advance: a rule for one subject (a client address, a report, or "all"). */
export interface TRateLimitCounter {
  rule: TRateLimitRule;
  subject: string;
}

/** The counters of several rules for one subject. */
export function countersFor(rules: readonly TRateLimitRule[], subject: string): TRateLimitCounter[] {
  return rules.map((rule) => ({ rule, subject }));
}

/**
 * Counts one request against every counter in one atomic statement (concurrent requests on many app instances
 * cannot overshoot) and throws RATE_LIMITED, with the seconds to wait, when any is exceeded.
 *
 * The table is unlogged, so the commit does not wait for the disk: a crash forgets the counters, which only a
 * limiter can afford, and hot counters (the global one) are then held for microseconds instead of a disk flush,
 * so they do not serialise the submissions they count.
 */
export async function consumeRateLimit({
  db,
  counters,
  now,
}: {
  db: Db;
  counters: readonly TRateLimitCounter[];
  now: Date;
}): Promise<void> {
  const scale = apiEnv().RATE_LIMIT_SCALE;
  // Sorted keys: two requests touching the same counters lock them in the same order (no deadlock).
  const entries = counters
    .map(({ rule, subject }) => ({
      rule,
      key: rateLimitCounterKey(rule, subject),
      windowEnd: new Date(now.getTime() + rule.windowMs),
    }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  // Plain SQL: the cheapest refusal of a flood should be cheap.
  const rows = await sqlQuery<{ key: string; points: number; window_end: Date }>(
    db,
    `INSERT INTO rate_limits (key, window_end, points)
     SELECT key, window_end, 1 FROM unnest($1::text[], $2::timestamptz[]) AS t(key, window_end)
     ON CONFLICT (key) DO UPDATE SET
       points = CASE WHEN rate_limits.window_end <= $3 THEN 1 ELSE rate_limits.points + 1 END,
       window_end = CASE WHEN rate_limits.window_end <= $3 THEN EXCLUDED.window_end ELSE rate_limits.window_end END
     RETURNING key, points, window_end`,
    [entries.map((e) => e.key), entries.map((e) => e.windowEnd), now],
  );
  let retryAfterMs = 0;
  for (const row of rows) {
    const entry = entries.find((e) => e.key === row.key);
    if (entry && row.points > entry.rule.points * scale) {
      retryAfterMs = Math.max(retryAfterMs, row.window_end.getTime() - now.getTime());
    }
  }
  // Now and then, clear ended windows, so the table stays as small as the set of recent clients.
  if (Math.random() < 0.01) await pruneRateLimits({ db, now });
  if (retryAfterMs > 0) {
    const retryAfterSeconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    throw new AppError(
      AppErrorCode.RATE_LIMITED,
      `Too many requests. Please wait ${formatWait(retryAfterSeconds)} and try again.`,
      { retryAfterSeconds },
    );
  }
}

function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} seconds`;
  if (seconds < 5400) return `${Math.ceil(seconds / 60)} minutes`;
  return `${Math.ceil(seconds / 3600)} hours`;
}

/** Drops counters whose window has ended (the table stays small; run it now and then). */
export async function pruneRateLimits({ db, now }: { db: Db; now: Date }): Promise<number> {
  return db.$executeRaw`DELETE FROM rate_limits WHERE window_end <= ${now}`;
}
