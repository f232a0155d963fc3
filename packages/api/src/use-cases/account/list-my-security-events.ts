import type { Db } from "@disclose/db";
import { NOT_SECURITY_ACTIONS, SECURITY_ACTION_PREFIXES, securityEventLabel } from "@disclose/domain";
import { z } from "zod";
import { deviceLabel } from "../../auth/device-label";
import type { SessionInfo } from "../../context";

export const ZSecurityEvent = z.object({
  /** The audit event's sequence number (as text: it is a bigint). */
  id: z.string(),
  occurredAt: z.date(),
  action: z.string(),
  /** What happened, in plain words (the domain's securityEventLabel). */
  label: z.string(),
  /** The device of the session it happened in, when known. */
  device: z.string().nullable(),
  /** The address that session was made from, when known. */
  address: z.string().nullable(),
  /** Someone else did it (an admin ending your sessions, an approver of your recovery): their name. */
  byOther: z.string().nullable(),
});
export type TSecurityEvent = z.infer<typeof ZSecurityEvent>;

export const SECURITY_EVENTS_SHOWN = 50;

/** Subject types that name a recovery of the account (the recovery use-cases' audit subjects). */
const RECOVERY_SUBJECT_TYPES = ["account_recovery", "recovery"];

const text = (value: unknown): string | null => (typeof value === "string" && value ? value : null);

/**
 * The caller's last SECURITY_EVENTS_SHOWN security events, newest first: what was done to their account (subject
 * the user: sign-ins, second-factor failures, an admin ending their sessions), to their sessions and keys by them,
 * and to their recoveries by anyone. Never another person's events, and never an event's data beyond its device.
 */
export async function listMySecurityEvents({
  db,
  session,
}: {
  db: Db;
  session: SessionInfo;
}): Promise<TSecurityEvent[]> {
  const recoveries = await db.accountRecovery.findMany({
    where: { userId: session.userId },
    select: { id: true },
  });
  const events = await db.auditEvent.findMany({
    where: {
      AND: [
        {
          OR: [
            { subjectType: "user", subjectId: session.userId },
            { subjectType: { in: ["session", "pgp_key"] }, actorId: session.userId },
            ...(recoveries.length > 0
              ? [
                  {
                    subjectType: { in: RECOVERY_SUBJECT_TYPES },
                    subjectId: { in: recoveries.map((r) => r.id) },
                  },
                ]
              : []),
          ],
        },
        { OR: SECURITY_ACTION_PREFIXES.map((prefix) => ({ action: { startsWith: prefix } })) },
        { action: { notIn: [...NOT_SECURITY_ACTIONS] } },
      ],
    },
    select: {
      seq: true,
      occurredAt: true,
      actorId: true,
      action: true,
      subjectType: true,
      subjectId: true,
      data: true,
    },
    orderBy: { seq: "desc" },
    take: SECURITY_EVENTS_SHOWN,
  });

  const dataOf = (data: unknown): Record<string, unknown> =>
    data && typeof data === "object" && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  // The session an event happened in: its subject, or the one its data names; still there while it is alive.
  const sessionIdOf = (e: (typeof events)[number]) =>
    e.subjectType === "session" ? e.subjectId : text(dataOf(e.data).sessionId);
  const sessionIds = [...new Set(events.flatMap((e) => sessionIdOf(e) ?? []))];
  const sessions = new Map(
    (
      await db.session.findMany({
        where: { id: { in: sessionIds }, userId: session.userId },
        select: { id: true, userAgent: true, createdIp: true },
      })
    ).map((s) => [s.id, s]),
  );
  const otherIds = [
    ...new Set(events.flatMap((e) => (e.actorId && e.actorId !== session.userId ? [e.actorId] : []))),
  ];
  const others = new Map(
    (
      await db.user.findMany({
        where: { id: { in: otherIds } },
        select: { id: true, name: true, email: true },
      })
    ).map((u) => [u.id, u.name ?? u.email]),
  );

  return events.map((e) => {
    const data = dataOf(e.data);
    const live = sessions.get(sessionIdOf(e) ?? "");
    return {
      id: e.seq.toString(),
      occurredAt: e.occurredAt,
      action: e.action,
      label: securityEventLabel(e.action, text(data.method)) ?? e.action,
      device: text(data.device) ?? (live ? deviceLabel(live.userAgent) : null),
      address: text(data.address) ?? live?.createdIp ?? null,
      byOther: e.actorId && e.actorId !== session.userId ? (others.get(e.actorId) ?? "Someone else") : null,
    };
  });
}
