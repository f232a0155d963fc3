import { randomBytes } from "node:crypto";
import type { Db, Role } from "@disclose/db";
import { hashSessionToken } from "../auth/session-token";

export interface TestUserSession {
  cookie: string;
  token: string;
  userId: string;
  sessionId: string;
  email: string;
}

/** A user holding `roles` with a session cookie, as next-auth would have made it (only the token's hash stored). */
export async function userWithSession(
  db: Db,
  roles: Role[],
  options: { active?: boolean; expires?: Date; secondFactor?: boolean; now?: Date } = {},
): Promise<TestUserSession> {
  const tag = randomBytes(4).toString("hex");
  const user = await db.user.create({
    data: {
      email: `u-${tag}@example.test`,
      name: `User ${tag}`,
      active: options.active ?? true,
      roles: { create: roles.map((role) => ({ role })) },
    },
  });
  return sessionFor(db, user.email, options);
}

/** A session (second factor passed unless told otherwise) for an existing user, e.g. a seeded demo account. */
export async function sessionFor(
  db: Db,
  email: string,
  options: { now?: Date; expires?: Date; secondFactor?: boolean } = {},
): Promise<TestUserSession> {
  const now = options.now ?? new Date();
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  const token = randomBytes(32).toString("base64url");
  const session = await db.session.create({
    data: {
      sessionToken: hashSessionToken(token),
      userId: user.id,
      expires: options.expires ?? new Date(now.getTime() + 3600_000),
      secondFactorAt: (options.secondFactor ?? true) ? now : null,
    },
  });
  return { cookie: `next-auth.session-token=${token}`, token, userId: user.id, sessionId: session.id, email };
}
