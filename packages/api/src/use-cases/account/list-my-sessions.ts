import type { Db } from "@disclose/db";
import { z } from "zod";
import { deviceLabel } from "../../auth/device-label";
import type { SessionInfo } from "../../context";

export const ZMySession = z.object({
  id: z.string(),
  /** "Chrome 131 on Linux", from the User-Agent the session was made with. */
  device: z.string(),
  createdAt: z.date(),
  /** The client address the session was made from, when known. */
  createdFrom: z.string().nullable(),
  /** Kept to within a few minutes (see LAST_SEEN_EVERY_MS); null for a session not used since it was made. */
  lastSeenAt: z.date().nullable(),
  secondFactorPassed: z.boolean(),
  /** The session of this very request. */
  current: z.boolean(),
});
export type TMySession = z.infer<typeof ZMySession>;

/** Far more than one person's browsers; a list longer than this is a flood, and "Sign out everywhere" ends it. */
const MAX_SESSIONS = 100;

/**
 * The caller's sessions that still open something (unexpired), the current one first, then the most recently
 * used. One that has not passed the second factor is listed too: someone holding the emailed link made it.
 */
export async function listMySessions({
  db,
  session,
  now,
}: {
  db: Db;
  session: SessionInfo;
  now: Date;
}): Promise<TMySession[]> {
  const rows = await db.session.findMany({
    where: { userId: session.userId, expires: { gt: now } },
    select: {
      id: true,
      userAgent: true,
      createdIp: true,
      createdAt: true,
      lastSeenAt: true,
      secondFactorAt: true,
    },
    orderBy: [{ lastSeenAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }],
    take: MAX_SESSIONS,
  });
  const sessions = rows.map((row) => ({
    id: row.id,
    device: deviceLabel(row.userAgent),
    createdAt: row.createdAt,
    createdFrom: row.createdIp,
    lastSeenAt: row.lastSeenAt,
    secondFactorPassed: row.secondFactorAt !== null,
    current: row.id === session.sessionId,
  }));
  return [...sessions.filter((s) => s.current), ...sessions.filter((s) => !s.current)];
}
