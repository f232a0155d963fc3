import { createHash } from "node:crypto";
import { appendAuditEvent, type Db, getDb } from "@disclose/db";
import type { AuthOptions } from "next-auth";
import type { Adapter, AdapterSession, AdapterUser } from "next-auth/adapters";
import type { EmailConfig } from "next-auth/providers/email";
import { apiEnv, authSecret, isProduction, provideNextAuthUrl } from "../env";
import { sendSignInLink } from "../use-cases/auth/send-sign-in-link";
import { hashSessionToken, sessionCookie } from "./session-token";

/** A sign-in link works once, within this time. */
export const SIGN_IN_LINK_MINUTES = 15;
/** A session lasts a working day at most; every request after an hour of use extends it. */
export const SESSION_MAX_AGE_S = 12 * 60 * 60;

function toAdapterUser(user: {
  id: string;
  email: string;
  name: string | null;
  emailVerified: Date | null;
}): AdapterUser {
  return { id: user.id, email: user.email, name: user.name, emailVerified: user.emailVerified };
}

/**
 * next-auth's storage, our way: invite-only (no user or account is ever created through sign-in), deactivated
 * users do not exist for it, session tokens are stored as their sha256, and sign-in links only for accounts.
 */
export function createAuthAdapter(db: () => Db): Adapter {
  const activeUser = async (where: { id: string } | { email: string }) => {
    const user = await db().user.findUnique({ where });
    return user?.active ? toAdapterUser(user) : null;
  };
  const session = (row: { sessionToken: string; userId: string; expires: Date }, token: string) =>
    ({ sessionToken: token, userId: row.userId, expires: row.expires }) satisfies AdapterSession;
  return {
    createUser: () => {
      throw new Error("Disclose is invite-only: accounts are created by an admin.");
    },
    getUser: (id) => activeUser({ id }),
    getUserByEmail: (email) => activeUser({ email }),
    getUserByAccount: () => null,
    updateUser: async ({ id, emailVerified }) => {
      const user = await db().user.update({ where: { id }, data: { emailVerified: emailVerified ?? null } });
      return toAdapterUser(user);
    },
    linkAccount: () => {
      throw new Error("Disclose signs in by email only.");
    },
    createSession: async ({ sessionToken, userId, expires }) => {
      await db().session.create({ data: { sessionToken: hashSessionToken(sessionToken), userId, expires } });
      return { sessionToken, userId, expires };
    },
    getSessionAndUser: async (sessionToken) => {
      const row = await db().session.findUnique({
        where: { sessionToken: hashSessionToken(sessionToken) },
        include: { user: true },
      });
      if (!row?.user.active) return null;
      return { session: session(row, sessionToken), user: toAdapterUser(row.user) };
    },
    updateSession: async ({ sessionToken, expires }) => {
      const hashed = hashSessionToken(sessionToken);
      if (expires) await db().session.updateMany({ where: { sessionToken: hashed }, data: { expires } });
      const row = await db().session.findUnique({ where: { sessionToken: hashed } });
      return row ? session(row, sessionToken) : null;
    },
    deleteSession: async (sessionToken) => {
      await db().session.deleteMany({ where: { sessionToken: hashSessionToken(sessionToken) } });
    },
    // Stored by sendSignInLink instead, in the transaction that mails the link: there an address without an
    // account costs the same work as one with, and a new link replaces the last. (next-auth calls this beside
    // sendVerificationRequest, with the token hashed as hashVerificationToken does.)
    createVerificationToken: async (token) => token,
    // Deleted as it is read: a link works once, even if two requests race with it.
    useVerificationToken: async ({ identifier, token }) => {
      const rows = await db().$queryRaw<{ identifier: string; token: string; expires: Date }[]>`
        DELETE FROM verification_tokens WHERE identifier = ${identifier} AND token = ${token}
        RETURNING identifier, token, expires`;
      return rows[0] ?? null;
    },
  };
}

/**
 * A sign-in link's token as next-auth v4 hashes it before it asks the adapter for it (core/lib/utils hashToken:
 * sha256 of the token followed by the provider's secret, hex).
 */
export function hashVerificationToken(token: string, secret: string): string {
  return createHash("sha256").update(`${token}${secret}`).digest("hex");
}

/**
 * next-auth's options for the admin app: email links through the outbox, database sessions, our pages. The
 * process's database unless a test passes its own.
 */
export function createAuthOptions({ db = getDb }: { db?: () => Db } = {}): AuthOptions {
  provideNextAuthUrl();
  const email: EmailConfig = {
    id: "email",
    type: "email",
    name: "Email",
    server: {},
    from: "",
    maxAge: SIGN_IN_LINK_MINUTES * 60,
    // The secret next-auth hashes link tokens with (see hashVerificationToken).
    secret: authSecret(),
    // Our own sender, so next-auth's nodemailer default is never loaded: mail goes through the outbox.
    sendVerificationRequest: async ({ identifier, url, token, expires, provider }) => {
      await sendSignInLink({
        db: db(),
        email: identifier,
        link: url,
        tokenHash: hashVerificationToken(token, provider.secret ?? authSecret()),
        expires,
        validMinutes: SIGN_IN_LINK_MINUTES,
        now: new Date(),
      });
    },
    options: {},
  };
  return {
    adapter: createAuthAdapter(db),
    providers: [email],
    secret: authSecret(),
    session: { strategy: "database", maxAge: SESSION_MAX_AGE_S, updateAge: 60 * 60 },
    // The one definition of the session cookie: the second factor issues a new token in the same cookie.
    cookies: { sessionToken: sessionCookie(apiEnv().ADMIN_URL) },
    pages: { signIn: "/sign-in", verifyRequest: "/sign-in/check-email", error: "/sign-in" },
    callbacks: {
      // Asking for a link is always "fine" (nothing tells who has an account); using one needs an active account.
      signIn: async ({ user, email: emailInfo }) => {
        if (emailInfo?.verificationRequest) return true;
        const account = user.email ? await db().user.findUnique({ where: { email: user.email } }) : null;
        return Boolean(account?.active && !(account.isDemo && isProduction()));
      },
    },
    events: {
      signIn: async ({ user }) => {
        await db().$transaction((tx) =>
          appendAuditEvent(tx, {
            actorId: user.id,
            actorKind: "user",
            action: "session.signed_in",
            subjectType: "user",
            subjectId: user.id,
            data: { method: "email-link" },
          }),
        );
      },
    },
  };
}
