import { appendAuditEvent, type Db, txQuery, withSqlTransaction } from "@disclose/db";
import { enqueueEmail, renderEmail } from "@disclose/email";
import { isProduction } from "../../env";
import { AppError } from "../../errors";
import { consumeRateLimit, countersFor, RATE_LIMITS } from "../rate-limits/consume-rate-limit";

/** Names the savepoint whose writes an address without an account undoes. */
const SAVEPOINT = "sign_in_link";
export const SIGN_IN_LINK_KEEP = `RELEASE SAVEPOINT ${SAVEPOINT}`;
export const SIGN_IN_LINK_UNDO = `ROLLBACK TO SAVEPOINT ${SAVEPOINT}`;

/**
 * Stores a sign-in link's token (as next-auth hashed it) and mails the link through the outbox, for an active
 * account only. The caller learns nothing either way (the page says "if this address has an account…"), and
 * neither does a stopwatch: every address costs the same statements in one transaction (the rate limit, the
 * token replacing any earlier one, the outbox message and its job, the audit event, a commit that waits for the
 * disk); for an address without an account those writes are rolled back to a savepoint before the commit, so no
 * token, mail or event is left of it. Past the per-address limit nothing more is done, for either kind.
 *
 * An address has at most one live link: a new one replaces the last (requests for one address are serialised).
 */
export async function sendSignInLink({
  db,
  email,
  link,
  tokenHash,
  expires,
  validMinutes,
  now,
}: {
  db: Db;
  email: string;
  link: string;
  /** The token as next-auth hashes it (the link carries the token itself). */
  tokenHash: string;
  expires: Date;
  validMinutes: number;
  now: Date;
}): Promise<{ sent: boolean }> {
  try {
    await consumeRateLimit({ db, counters: countersFor(RATE_LIMITS.signInLinkPerEmail, email), now });
  } catch (error) {
    if (error instanceof AppError) return { sent: false };
    throw error;
  }
  return withSqlTransaction(db, async (sql) => {
    // Serialises requests for one address, so that two at once cannot leave two live links.
    await txQuery(sql, "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`sign-in-link:${email}`]);
    // In production a demo account (seeded for `pnpm start`, its authenticator's secret public) is no account.
    const [account] = await txQuery<{ id: string }>(
      sql,
      "SELECT id FROM users WHERE email = $1 AND active AND NOT (is_demo AND $2)",
      [email, isProduction()],
    );
    await txQuery(sql, `SAVEPOINT ${SAVEPOINT}`);
    await txQuery(
      sql,
      `WITH earlier AS (DELETE FROM verification_tokens WHERE identifier = $1)
       INSERT INTO verification_tokens (identifier, token, expires) VALUES ($1, $2, $3)`,
      [email, tokenHash, expires],
    );
    await enqueueEmail(sql, { to: email, ...renderEmail("signInLink", { link, validMinutes }) });
    await appendAuditEvent(sql, {
      actorId: account?.id ?? null,
      actorKind: "user",
      action: "auth.sign_in_link_sent",
      subjectType: "user",
      subjectId: account?.id ?? null,
      occurredAt: now,
    });
    await txQuery(sql, account ? SIGN_IN_LINK_KEEP : SIGN_IN_LINK_UNDO);
    return { sent: account !== undefined };
  });
}
