import { appendAuditEvent, type Db, txQuery } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { serveItem } from "../access/key-packets";
import {
  checkPacketsFor,
  FINGERPRINT,
  requireTeamKeyHolder,
  teamKeyHolders,
  toBase64,
} from "./team-key-access";

// Listing, reading, granting and retiring team keys. Reading the private half is a read like a report's: audited
// each time, served only as the caller's own session-key packets before the shared encrypted data.

export const ZTeamKeyFingerprint = z
  .string()
  .regex(FINGERPRINT, "A fingerprint is 40 upper-case hex digits.");

export const ZImportedTeamKey = z.object({
  fingerprint: z.string(),
  label: z.string(),
  armoredPublicKey: z.string(),
  importedByName: z.string().nullable(),
  createdAt: z.date(),
  retiredAt: z.date().nullable(),
  /** PST members whose current key can open it. */
  holders: z.array(z.string()),
  /** PST members still waiting for it (no key, or not granted to their current key yet). */
  waiting: z.array(z.string()),
  /** The caller can open it now. */
  mine: z.boolean(),
});
export type TImportedTeamKey = z.infer<typeof ZImportedTeamKey>;

/** Every team key, current and retired, with who holds it: what the Keys page shows the PST. */
export async function listImportedTeamKeys({
  db,
  session,
  now,
}: {
  db: Db;
  session: SessionInfo;
  now: Date;
}): Promise<TImportedTeamKey[]> {
  requireTeamKeyHolder(session);
  const [keys, packets, members] = await Promise.all([
    txQuery<{
      fingerprint: string;
      label: string;
      armored_public_key: string;
      name: string | null;
      email: string | null;
      created_at: Date;
      retired_at: Date | null;
    }>(
      db,
      `SELECT t.fingerprint, t.label, t.armored_public_key, u.name, u.email, t.created_at, t.retired_at
         FROM team_keys t LEFT JOIN users u ON u.id = t.imported_by_id
        ORDER BY t.retired_at NULLS FIRST, t.created_at DESC`,
    ),
    txQuery<{ team_key_fingerprint: string; fingerprint: string; user_id: string }>(
      db,
      "SELECT team_key_fingerprint, fingerprint, user_id FROM team_key_packets",
    ),
    teamKeyHolders(db, now),
  ]);
  return keys.map((k) => {
    const granted = new Set(
      packets.filter((p) => p.team_key_fingerprint === k.fingerprint).map((p) => p.fingerprint),
    );
    const ready = members.filter((m) => m.key && granted.has(m.key.fingerprint));
    return {
      fingerprint: k.fingerprint,
      label: k.label,
      armoredPublicKey: k.armored_public_key,
      importedByName: k.name ?? k.email,
      createdAt: k.created_at,
      retiredAt: k.retired_at,
      holders: ready.map((m) => m.name),
      waiting: k.retired_at ? [] : members.filter((m) => !ready.includes(m)).map((m) => m.name),
      mine: k.retired_at === null && ready.some((m) => m.userId === session.userId),
    };
  });
}

/**
 * The team key's private half for the caller's browser: the stored message with only the caller's own
 * session-key packets. Audited on every read (who, which key). A mutation: it writes the audit event.
 */
export async function readTeamKey({
  db,
  session,
  now,
  fingerprint,
}: {
  db: Db;
  session: SessionInfo;
  now: Date;
  fingerprint: string;
}): Promise<{ fingerprint: string; message: string }> {
  requireTeamKeyHolder(session);
  return db.$transaction(async (tx) => {
    const [key] = await txQuery<{ private_key_message: string }>(
      tx,
      "SELECT private_key_message FROM team_keys WHERE fingerprint = $1 AND retired_at IS NULL",
      [fingerprint],
    );
    const packets = key
      ? await txQuery<{ packets: Uint8Array }>(
          tx,
          `SELECT packets FROM team_key_packets WHERE team_key_fingerprint = $1 AND user_id = $2
            ORDER BY created_at`,
          [fingerprint, session.userId],
        )
      : [];
    const message = key
      ? await serveItem(
          key.private_key_message,
          packets.map((p) => new Uint8Array(p.packets)),
        )
      : null;
    if (!message) {
      throw new AppError(
        AppErrorCode.NOT_FOUND,
        "There is no such team key, or it is not granted to your key yet.",
      );
    }
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "team_key.private_read",
      subjectType: "team_key",
      subjectId: fingerprint,
      data: {},
      occurredAt: now,
    });
    return { fingerprint, message };
  });
}

export const ZTeamKeyGrantWork = z.array(
  z.object({
    teamKeyFingerprint: z.string(),
    granteeUserId: z.string(),
    granteeName: z.string(),
    granteeFingerprint: z.string(),
    granteePublicKey: z.string(),
    /** The caller's own session-key packets for the key's message (base64): what their browser re-wraps. */
    packets: z.string(),
  }),
);
export type TTeamKeyGrantWork = z.infer<typeof ZTeamKeyGrantWork>;

/**
 * What the caller's browser can grant now: current team keys the caller holds that a PST member's current key
 * lacks (a new member, a member's new key). The same re-wrap step as a case's grants.
 */
export async function getTeamKeyGrantWork({
  db,
  session,
  now,
}: {
  db: Db;
  session: SessionInfo;
  now: Date;
}): Promise<TTeamKeyGrantWork> {
  // Others than the PST have nothing to do here: an empty list, not an error (the runner asks everyone).
  try {
    requireTeamKeyHolder(session);
  } catch {
    return [];
  }
  const mine = await txQuery<{ team_key_fingerprint: string; packets: Uint8Array[] }>(
    db,
    `SELECT p.team_key_fingerprint, array_agg(p.packets ORDER BY p.created_at) AS packets
       FROM team_key_packets p JOIN team_keys t ON t.fingerprint = p.team_key_fingerprint AND t.retired_at IS NULL
      WHERE p.user_id = $1 GROUP BY p.team_key_fingerprint`,
    [session.userId],
  );
  if (mine.length === 0) return [];
  const granted = await txQuery<{ team_key_fingerprint: string; fingerprint: string }>(
    db,
    "SELECT team_key_fingerprint, fingerprint FROM team_key_packets WHERE team_key_fingerprint = ANY($1::text[])",
    [mine.map((m) => m.team_key_fingerprint)],
  );
  const members = await teamKeyHolders(db, now);
  return mine.flatMap((m) =>
    members.flatMap((member) =>
      member.key &&
      member.userId !== session.userId &&
      !granted.some(
        (g) => g.team_key_fingerprint === m.team_key_fingerprint && g.fingerprint === member.key?.fingerprint,
      )
        ? [
            {
              teamKeyFingerprint: m.team_key_fingerprint,
              granteeUserId: member.userId,
              granteeName: member.name,
              granteeFingerprint: member.key.fingerprint,
              granteePublicKey: member.key.armoredPublicKey,
              packets: toBase64(m.packets.map((p) => new Uint8Array(p))),
            },
          ]
        : [],
    ),
  );
}

export const ZCompleteTeamKeyGrantsInput = z.object({
  grants: z
    .array(
      z.object({
        teamKeyFingerprint: ZTeamKeyFingerprint,
        granteeUserId: z.string().trim().min(1).max(64),
        granteeFingerprint: ZTeamKeyFingerprint,
        packets: z.string().min(1).max(2800),
      }),
    )
    .min(1, "Nothing to grant.")
    .max(100, "At most 100 grants at a time."),
});
export type TCompleteTeamKeyGrantsInput = z.infer<typeof ZCompleteTeamKeyGrantsInput>;

/**
 * Stores team-key packets the caller's browser re-wrapped for PST members. Checked like a case's grants: the
 * caller holds the (current) team key, the grantee is a PST member and that is their current key, and the
 * packets are session-key packets addressed to it alone. Any refusal refuses the batch; audited per grantee.
 */
export async function completeTeamKeyGrants({
  db,
  session,
  now,
  input,
}: {
  db: Db;
  session: SessionInfo;
  now: Date;
  input: TCompleteTeamKeyGrantsInput;
}): Promise<{ stored: number }> {
  requireTeamKeyHolder(session);
  return db.$transaction(async (tx) => {
    const held = new Set(
      (
        await txQuery<{ team_key_fingerprint: string }>(
          tx,
          `SELECT DISTINCT p.team_key_fingerprint FROM team_key_packets p
             JOIN team_keys t ON t.fingerprint = p.team_key_fingerprint AND t.retired_at IS NULL
            WHERE p.user_id = $1`,
          [session.userId],
        )
      ).map((r) => r.team_key_fingerprint),
    );
    const members = new Map((await teamKeyHolders(tx, now)).map((m) => [m.userId, m]));
    let stored = 0;
    for (const [index, grant] of input.grants.entries()) {
      const where = `Grant ${index + 1}`;
      if (!held.has(grant.teamKeyFingerprint)) {
        throw new AppError(AppErrorCode.NOT_FOUND, `${where}: there is no such team key that you hold.`, {
          field: "grants",
        });
      }
      const grantee = members.get(grant.granteeUserId);
      if (!grantee?.key) {
        throw new AppError(AppErrorCode.BAD_INPUT, `${where}: only PST members hold the team keys.`, {
          field: "grants",
        });
      }
      if (grantee.key.fingerprint !== grant.granteeFingerprint) {
        throw new AppError(
          AppErrorCode.BAD_INPUT,
          `${where}: that is not the person's current key. Reload and try again.`,
          { field: "grants" },
        );
      }
      const packets = await checkPacketsFor(grant.packets, grantee.key.armoredPublicKey, where);
      const inserted = await txQuery(
        tx,
        `INSERT INTO team_key_packets (team_key_fingerprint, fingerprint, user_id, packets, granted_by_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1`,
        [
          grant.teamKeyFingerprint,
          grantee.key.fingerprint,
          grantee.userId,
          Buffer.from(packets),
          session.userId,
          now,
        ],
      );
      stored += inserted.length;
      if (inserted.length > 0) {
        await appendAuditEvent(tx, {
          actorId: session.userId,
          actorKind: "user",
          action: "team_key.granted",
          subjectType: "team_key",
          subjectId: grant.teamKeyFingerprint,
          data: { granteeUserId: grantee.userId, fingerprint: grantee.key.fingerprint },
          occurredAt: now,
        });
      }
    }
    return { stored };
  });
}

/**
 * Retires a team key: mail to it is no longer taken as readable (it is kept flagged, like mail to a member's
 * retired key) and its private half is no longer served. Reports already opened with it stay readable: their
 * session keys were wrapped to members' own keys.
 */
export async function retireTeamKey({
  db,
  session,
  now,
  fingerprint,
}: {
  db: Db;
  session: SessionInfo;
  now: Date;
  fingerprint: string;
}): Promise<{ fingerprint: string; retiredAt: Date }> {
  requireTeamKeyHolder(session);
  return db.$transaction(async (tx) => {
    const updated = await txQuery(
      tx,
      "UPDATE team_keys SET retired_at = $2 WHERE fingerprint = $1 AND retired_at IS NULL RETURNING 1",
      [fingerprint, now],
    );
    if (updated.length === 0) {
      throw new AppError(AppErrorCode.NOT_FOUND, "There is no such current team key.");
    }
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "team_key.retired",
      subjectType: "team_key",
      subjectId: fingerprint,
      data: {},
      occurredAt: now,
    });
    return { fingerprint, retiredAt: now };
  });
}
