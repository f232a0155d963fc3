import { appendAuditEvent, type Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { itemKey, loadReaderPackets, serveItem } from "../access/key-packets";
import { displayName } from "../users/display-name";
import { authorizeTeamDiscussion, teamReaders } from "./team-access";

export const ZTeamDiscussion = z.object({
  messages: z.array(
    z.object({
      id: z.string(),
      authorUserId: z.string().nullable(),
      authorName: z.string().nullable(),
      createdAt: z.date(),
      /** The message carrying only the caller's own session-key packets; null: not granted to the caller yet. */
      ciphertext: z.string().nullable(),
      mentions: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
  ),
  /** Who reads the discussion now: who may be mentioned, and the keys a new message must be encrypted to. */
  readers: z.array(
    z.object({
      userId: z.string(),
      name: z.string(),
      /** Null: they have no usable key yet (they get the discussion by a grant once they have one). */
      key: z.object({ fingerprint: z.string(), armoredPublicKey: z.string() }).nullable(),
    }),
  ),
  /** Whether the caller may write in it (everyone who reads it may). */
  mayPost: z.boolean(),
});
export type TTeamDiscussion = z.infer<typeof ZTeamDiscussion>;

/**
 * A case's team discussion for one of its readers: each message carries only the caller's own session-key
 * packets, so only their browser can open it. Every read is audited in the same transaction.
 */
export async function listTeamMessages({
  db,
  session,
  reportId,
  now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  now: Date;
}): Promise<TTeamDiscussion> {
  return db.$transaction(async (tx) => {
    const { facts } = await authorizeTeamDiscussion(tx, session, reportId);
    const rows = await tx.teamMessage.findMany({
      where: { reportId: facts.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      include: { authorUser: { select: { name: true, email: true } } },
    });
    const packets = await loadReaderPackets(tx, {
      reportId: facts.id,
      reader: { reader: "staff", userId: session.userId },
      kinds: ["team-message"],
    });
    const mentioned = [...new Set(rows.flatMap((m) => m.mentions))];
    const names = new Map(
      (
        await tx.user.findMany({
          where: { id: { in: mentioned } },
          select: { id: true, name: true, email: true },
        })
      ).map((u) => [u.id, displayName(u)]),
    );
    const messages = await Promise.all(
      rows.map(async (m) => ({
        id: m.id,
        authorUserId: m.authorUserId,
        authorName: m.authorUser ? displayName(m.authorUser) : null,
        createdAt: m.createdAt,
        ciphertext: await serveItem(m.ciphertext, packets.get(itemKey("team-message", m.id))),
        mentions: m.mentions.map((id) => ({ id, name: names.get(id) ?? "A former member" })),
      })),
    );
    const readers = await teamReaders(tx, facts, now);
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "case.team_messages_read",
      subjectType: "report",
      subjectId: facts.id,
      data: {
        messages: messages.length,
        served: messages.filter((m) => m.ciphertext !== null).length,
      },
      occurredAt: now,
    });
    return {
      messages,
      readers: readers.map((r) => ({
        userId: r.userId,
        name: r.name,
        key: r.key ? { fingerprint: r.key.fingerprint, armoredPublicKey: r.key.armoredPublicKey } : null,
      })),
      mayPost: true,
    };
  });
}
