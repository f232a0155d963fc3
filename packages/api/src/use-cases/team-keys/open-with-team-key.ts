import { splitAnyMessage } from "@disclose/crypto";
import { appendAuditEvent, type Db, txQuery } from "@disclose/db";
import { mayHold } from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { insertKeyPackets, type TKeyPacketRow } from "../access/key-packets";
import { authorizeCase } from "../cases/case-access";
import {
  checkPacketsFor,
  currentTeamKeys,
  requireTeamKeyHolder,
  type TCurrentTeamKey,
  teamKeyHolders,
  toBase64,
} from "./team-key-access";
import { ZTeamKeyFingerprint } from "./team-keys";

// A report (or a reporter's reply by mail) encrypted only to a team key (mail to the long-published security@
// key) is opened once by a PST member's browser: it decrypts the team key's private half with the member's own
// key, opens the item's session key with it and wraps that to the member's own key. From then on the member
// holds the item like any other, and the existing grant step re-wraps it for the case's other readers.

const ITEM_KINDS = ["report", "attachment", "reporter-message"] as const;

export const ZTeamKeyReportWork = z.object({
  /** The caller's current key, which the browser wraps each item's session key to. */
  granteeFingerprint: z.string().nullable(),
  granteePublicKey: z.string().nullable(),
  items: z.array(
    z.object({
      kind: z.enum(ITEM_KINDS),
      itemId: z.string(),
      teamKeyFingerprint: z.string(),
      teamKeyLabel: z.string(),
      /** The item's session-key packets addressed to the team key (base64). */
      packets: z.string(),
    }),
  ),
});
export type TTeamKeyReportWork = z.infer<typeof ZTeamKeyReportWork>;

async function teamKeyItems(
  db: Db,
  session: SessionInfo,
  reportId: string,
): Promise<{
  facts: Awaited<ReturnType<typeof authorizeCase>>["facts"];
  items: TTeamKeyReportWork["items"];
}> {
  const { facts, actor } = await authorizeCase(db, session, reportId, "report.read");
  requireTeamKeyHolder(session);
  // Only the team keys this member holds: the others they could not open anyway.
  const held = new Set(
    (
      await txQuery<{ team_key_fingerprint: string }>(
        db,
        "SELECT DISTINCT team_key_fingerprint FROM team_key_packets WHERE user_id = $1",
        [session.userId],
      )
    ).map((r) => r.team_key_fingerprint),
  );
  const keys = (await currentTeamKeys(db)).filter((k) => held.has(k.fingerprint));
  if (keys.length === 0) return { facts, items: [] };
  // What the caller holds already needs no opening, so its ciphertext is not even loaded.
  const stored = await txQuery<{
    kind: (typeof ITEM_KINDS)[number];
    item_id: string;
    text: string | null;
    bytes: Uint8Array | null;
  }>(
    db,
    `SELECT * FROM (
       SELECT 'report' AS kind, r.id AS item_id, r.ciphertext AS text, NULL::bytea AS bytes
         FROM reports r WHERE r.id = $1::uuid
       UNION ALL SELECT 'attachment', a.id, NULL, a.ciphertext FROM report_attachments a WHERE a.report_id = $1::uuid
       UNION ALL SELECT 'reporter-message', m.id, m.ciphertext, NULL
         FROM report_messages m WHERE m.report_id = $1::uuid AND m.author = 'reporter'
     ) item
     WHERE NOT EXISTS (
       SELECT 1 FROM key_packets k
        WHERE k.report_id = $1::uuid AND k.reader = 'staff' AND k.user_id = $2
          AND k.item_kind = item.kind AND k.item_id = item.item_id)`,
    [facts.id, session.userId],
  );
  const items: TTeamKeyReportWork["items"] = [];
  for (const item of stored) {
    if (!mayHold(actor, item.kind, facts)) continue;
    const found = await packetsToTeamKey(item.text ?? item.bytes, keys);
    if (found)
      items.push({
        kind: item.kind,
        itemId: item.item_id,
        teamKeyFingerprint: found.key.fingerprint,
        teamKeyLabel: found.key.label,
        packets: toBase64(found.packets),
      });
  }
  return { facts, items };
}

async function packetsToTeamKey(
  message: string | Uint8Array | null,
  keys: readonly TCurrentTeamKey[],
): Promise<{ key: TCurrentTeamKey; packets: Uint8Array[] } | null> {
  if (message === null) return null;
  const { keyPackets } = await splitAnyMessage(message).catch(() => ({ keyPackets: [] }));
  for (const key of keys) {
    const ids = new Set(key.keyIds);
    const packets = keyPackets.filter((p) => p.keyId !== null && ids.has(p.keyId)).map((p) => p.bytes);
    if (packets.length > 0) return { key, packets };
  }
  return null;
}

/** Items of a report the caller can open with a team key they hold (empty when none), and their own key. */
export async function getTeamKeyReportWork({
  db,
  session,
  now,
  reportId,
}: {
  db: Db;
  session: SessionInfo;
  now: Date;
  reportId: string;
}): Promise<TTeamKeyReportWork> {
  const { items } = await teamKeyItems(db, session, reportId);
  const me = (await teamKeyHolders(db, now)).find((m) => m.userId === session.userId);
  return {
    granteeFingerprint: me?.key?.fingerprint ?? null,
    granteePublicKey: me?.key?.armoredPublicKey ?? null,
    items: me?.key ? items : [],
  };
}

export const ZOpenWithTeamKeyInput = z.object({
  reportId: z.uuid("There is no such report."),
  grants: z
    .array(
      z.object({
        kind: z.enum(ITEM_KINDS),
        itemId: z.uuid("An item id is not valid."),
        teamKeyFingerprint: ZTeamKeyFingerprint,
        granteeFingerprint: ZTeamKeyFingerprint,
        /** The item's session key wrapped to the caller's own current key (base64). */
        packets: z.string().min(1).max(2800),
      }),
    )
    .min(1, "Nothing to store.")
    .max(40, "At most 40 items at a time."),
});
export type TOpenWithTeamKeyInput = z.infer<typeof ZOpenWithTeamKeyInput>;

/**
 * Stores the session keys the caller's browser opened with a team key and wrapped to the caller's own current
 * key. Only items that really are encrypted to a current team key the caller holds are accepted, and only for
 * the caller (the grant step brings in the case's other readers). Audited once: which team key opened what.
 */
export async function openWithTeamKey({
  db,
  session,
  now,
  input,
}: {
  db: Db;
  session: SessionInfo;
  now: Date;
  input: TOpenWithTeamKeyInput;
}): Promise<{ stored: number }> {
  const { facts, items } = await teamKeyItems(db, session, input.reportId);
  const me = (await teamKeyHolders(db, now)).find((m) => m.userId === session.userId);
  if (!me?.key) {
    throw new AppError(AppErrorCode.BAD_INPUT, "Register your own key first.", { field: "grants" });
  }
  const rows: TKeyPacketRow[] = [];
  for (const [index, grant] of input.grants.entries()) {
    const where = `Item ${index + 1}`;
    const item = items.find(
      (i) =>
        i.kind === grant.kind &&
        i.itemId === grant.itemId &&
        i.teamKeyFingerprint === grant.teamKeyFingerprint,
    );
    if (!item) {
      throw new AppError(AppErrorCode.NOT_FOUND, `${where}: it is not encrypted to a team key you hold.`, {
        field: "grants",
      });
    }
    if (grant.granteeFingerprint !== me.key.fingerprint) {
      throw new AppError(
        AppErrorCode.BAD_INPUT,
        `${where}: that is not your current key. Reload and try again.`,
        {
          field: "grants",
        },
      );
    }
    rows.push({
      reportId: facts.id,
      item: { kind: grant.kind, id: grant.itemId },
      key: me.key,
      packets: await checkPacketsFor(grant.packets, me.key.armoredPublicKey, where),
      grantedById: session.userId,
    });
  }
  return db.$transaction(async (tx) => {
    const stored = await insertKeyPackets(tx, rows, now);
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "report.team_key_opened",
      subjectType: "report",
      subjectId: facts.id,
      data: {
        teamKeys: [...new Set(input.grants.map((g) => g.teamKeyFingerprint))],
        fingerprint: me.key?.fingerprint,
        items: rows.length,
      },
      occurredAt: now,
    });
    return { stored };
  });
}
