import { encryptionKeyIdsOfKey, PacketError, parseKeyPackets } from "@disclose/crypto";
import { type AnyTx, appendAuditEvent, type Db, txQuery } from "@disclose/db";
import {
  mayHold,
  OPEN_STATES,
  SEALED_ITEM_KINDS,
  type SealedItemKind,
  type TCaseFacts,
} from "@disclose/domain";
import { z } from "zod";
import { actorOf } from "../../auth/actor";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { caseListScope, loadCaseFactsMany } from "../cases/case-access";
import {
  indexLegacyKeyPackets,
  loadStaffCandidates,
  readersOfCase,
  type TCaseReader,
  type TStaffCandidate,
} from "./case-readers";
import { insertKeyPackets, type TKeyPacketRow } from "./key-packets";

/** Open cases looked at per call, newest (and public) first; the rest follow as these are completed. */
const CASES_PER_SCAN = 500;
/** Cases made before grants are indexed a few at a time, so no single request pays for all of them. */
const LEGACY_CASES_PER_CALL = 20;

export const ZAccessStatus = z.enum(["ready", "waiting-for-key", "waiting-for-grant"]);
export type TAccessStatus = z.infer<typeof ZAccessStatus>;

export const ZReaderAccess = z.object({
  userId: z.string(),
  name: z.string(),
  status: ZAccessStatus,
  /** Items of the case not yet wrapped to their current key. */
  missing: z.number().int(),
});
export type TReaderAccess = z.infer<typeof ZReaderAccess>;

interface TMissingRow {
  report_id: string;
  fingerprint: string;
  item_kind: SealedItemKind;
  missing: number;
}

/** The items of these cases as (report_id, kind, id): what a reader of the case may need a packet for. */
const ITEMS_SQL = `
  SELECT r.id AS report_id, 'report' AS kind, r.id AS item_id FROM reports r WHERE r.id = ANY($1::uuid[])
  UNION ALL SELECT r.id, 'summary', r.id FROM reports r WHERE r.id = ANY($1::uuid[]) AND r.summary IS NOT NULL
  UNION ALL SELECT a.report_id, 'attachment', a.id FROM report_attachments a WHERE a.report_id = ANY($1::uuid[])
  UNION ALL SELECT m.report_id, 'reporter-message', m.id FROM report_messages m WHERE m.report_id = ANY($1::uuid[])
  UNION ALL SELECT t.report_id, 'team-message', t.id FROM team_messages t WHERE t.report_id = ANY($1::uuid[])
  UNION ALL SELECT n.case_id, 'note', n.id FROM case_notes n WHERE n.case_id = ANY($1::uuid[])
  UNION ALL SELECT c.case_id, 'fix-commit', c.id FROM fix_commits c WHERE c.case_id = ANY($1::uuid[])
  UNION ALL SELECT v.case_id, 'patch', v.id FROM patch_versions v WHERE v.case_id = ANY($1::uuid[])
  UNION ALL SELECT f.case_id, 'distributor-feedback', f.id FROM distributor_feedback f
             WHERE f.case_id = ANY($1::uuid[]) AND f.details_ciphertext IS NOT NULL
  UNION ALL SELECT d.case_id, 'advisory-draft', d.id FROM advisory_drafts d WHERE d.case_id = ANY($1::uuid[])
  UNION ALL SELECT c.case_id, 'advisory-comment', c.id FROM advisory_comments c WHERE c.case_id = ANY($1::uuid[])`;

/** How many items of each kind each (case, key) pair lacks a packet for. */
async function countMissing(
  tx: AnyTx,
  pairs: readonly { reportId: string; fingerprint: string }[],
): Promise<TMissingRow[]> {
  if (pairs.length === 0) return [];
  return txQuery<TMissingRow>(
    tx,
    `WITH items AS (${ITEMS_SQL}),
          pairs AS (SELECT * FROM unnest($2::uuid[], $3::text[]) AS p(report_id, fingerprint))
     SELECT p.report_id, p.fingerprint, i.kind AS item_kind, count(*)::int AS missing
       FROM pairs p JOIN items i ON i.report_id = p.report_id
      WHERE NOT EXISTS (SELECT 1 FROM key_packets k
                         WHERE k.item_kind = i.kind AND k.item_id = i.item_id AND k.fingerprint = p.fingerprint)
        -- An item no one holds (mail to a key we don't hold) cannot be granted by anyone: not a wait.
        AND EXISTS (SELECT 1 FROM key_packets h WHERE h.item_kind = i.kind AND h.item_id = i.item_id)
      GROUP BY p.report_id, p.fingerprint, i.kind`,
    [
      [...new Set(pairs.map((p) => p.reportId))],
      pairs.map((p) => p.reportId),
      pairs.map((p) => p.fingerprint),
    ],
  );
}

/** Each reader's access to each case: ready, waiting for their key, or waiting for someone to grant it. */
function accessOf(
  cases: readonly TCaseFacts[],
  readersByCase: ReadonlyMap<string, TCaseReader[]>,
  missing: readonly TMissingRow[],
): Map<string, TReaderAccess[]> {
  const counts = new Map<string, number>();
  const factsById = new Map(cases.map((c) => [c.id, c]));
  for (const row of missing) {
    const facts = factsById.get(row.report_id);
    const reader = readersByCase.get(row.report_id)?.find((r) => r.key?.fingerprint === row.fingerprint);
    // Counted only where the domain says this reader may hold that kind of item.
    if (!facts || !reader || !mayHold(reader.actor, row.item_kind, facts)) continue;
    const key = `${row.report_id}:${row.fingerprint}`;
    counts.set(key, (counts.get(key) ?? 0) + row.missing);
  }
  const result = new Map<string, TReaderAccess[]>();
  for (const facts of cases) {
    result.set(
      facts.id,
      (readersByCase.get(facts.id) ?? []).map((r) => {
        const lacking = r.key ? (counts.get(`${facts.id}:${r.key.fingerprint}`) ?? 0) : 0;
        return {
          userId: r.userId,
          name: r.name,
          status: !r.key ? "waiting-for-key" : lacking > 0 ? "waiting-for-grant" : "ready",
          missing: lacking,
        };
      }),
    );
  }
  return result;
}

async function readersByCaseOf(
  tx: AnyTx,
  cases: readonly TCaseFacts[],
  now: Date,
  candidates?: readonly TStaffCandidate[],
): Promise<Map<string, TCaseReader[]>> {
  const people =
    candidates ??
    (await loadStaffCandidates(
      tx,
      now,
      cases.flatMap((c) => [...(c.fixLeadId ? [c.fixLeadId] : []), ...c.fixTeamIds]),
    ));
  return new Map(cases.map((c) => [c.id, readersOfCase(people, c)]));
}

/** Who may read one case and whether they can yet (for the case page); its readers when already loaded. */
export async function caseAccess(
  tx: AnyTx,
  facts: TCaseFacts,
  now: Date,
  readers?: TCaseReader[],
): Promise<TReaderAccess[]> {
  const readersByCase = readers ? new Map([[facts.id, readers]]) : await readersByCaseOf(tx, [facts], now);
  const pairs = (readersByCase.get(facts.id) ?? []).flatMap((r) =>
    r.key ? [{ reportId: facts.id, fingerprint: r.key.fingerprint }] : [],
  );
  return accessOf([facts], readersByCase, await countMissing(tx, pairs)).get(facts.id) ?? [];
}

async function indexSomeLegacyCases(tx: AnyTx, reportIds: readonly string[], now: Date): Promise<void> {
  const legacy = await txQuery<{ id: string }>(
    tx,
    "SELECT id FROM reports WHERE id = ANY($1::uuid[]) AND NOT key_packets_indexed LIMIT $2",
    [[...reportIds], LEGACY_CASES_PER_CALL],
  );
  for (const { id } of legacy) await indexLegacyKeyPackets(tx, id, now);
}

/** Open cases the caller may read (the PST: all; others: the cases they work on). */
async function openCasesOf(db: Db, session: SessionInfo): Promise<TCaseFacts[]> {
  const actor = actorOf(session);
  const cases = await loadCaseFactsMany(
    db,
    { AND: [{ state: { in: [...OPEN_STATES] } }, caseListScope(session)] },
    CASES_PER_SCAN,
  );
  return cases.filter((c) => SEALED_ITEM_KINDS.some((kind) => mayHold(actor, kind, c)));
}

export const ZPendingGrant = z.object({
  reportId: z.string(),
  userId: z.string(),
  name: z.string(),
  status: ZAccessStatus.exclude(["ready"]),
  missing: z.number().int(),
});
export const ZPendingGrants = z.object({
  pending: z.array(ZPendingGrant),
  /** Whether the caller's own browser can complete some of them (it holds the items). */
  canComplete: z.boolean(),
});
export type TPendingGrants = z.infer<typeof ZPendingGrants>;

/**
 * Grants still to complete on the cases the caller may read: people who may read a case but cannot yet,
 * because they have no key or because nobody has re-wrapped the case's items for their key.
 */
export async function listPendingGrants({
  db,
  session,
  now,
}: {
  db: Db;
  session: SessionInfo;
  now: Date;
}): Promise<TPendingGrants> {
  const cases = await openCasesOf(db, session);
  await indexSomeLegacyCases(
    db,
    cases.map((c) => c.id),
    now,
  );
  const candidates = await loadStaffCandidates(
    db,
    now,
    cases.flatMap((c) => [...(c.fixLeadId ? [c.fixLeadId] : []), ...c.fixTeamIds]),
  );
  const readersByCase = await readersByCaseOf(db, cases, now, candidates);
  const pairs = cases.flatMap((c) =>
    (readersByCase.get(c.id) ?? []).flatMap((r) =>
      r.key ? [{ reportId: c.id, fingerprint: r.key.fingerprint }] : [],
    ),
  );
  const access = accessOf(cases, readersByCase, await countMissing(db, pairs));
  const pending = cases.flatMap((c) =>
    (access.get(c.id) ?? []).flatMap((a) =>
      a.status === "ready"
        ? []
        : [{ reportId: c.id, userId: a.userId, name: a.name, status: a.status, missing: a.missing }],
    ),
  );
  const work = await getGrantWork({ db, session, now, limit: 1, cases, readersByCase });
  return { pending, canComplete: work.length > 0 };
}

export const ZGrantWorkItem = z.object({
  kind: z.enum(SEALED_ITEM_KINDS),
  itemId: z.string(),
  /** The caller's own session-key packets for the item (base64): what their browser opens and re-wraps. */
  packets: z.string(),
});
export const ZGrantWork = z.array(
  z.object({
    reportId: z.string(),
    granteeUserId: z.string(),
    granteeName: z.string(),
    granteeFingerprint: z.string(),
    granteePublicKey: z.string(),
    items: z.array(ZGrantWorkItem),
  }),
);
export type TGrantWork = z.infer<typeof ZGrantWork>;

/**
 * What the caller's browser can grant now: items of cases the caller may read and holds packets for, which a
 * reader of the same case lacks for their current key. At most `limit` items per call.
 */
export async function getGrantWork({
  db,
  session,
  now,
  limit,
  cases: knownCases,
  readersByCase: knownReaders,
}: {
  db: Db;
  session: SessionInfo;
  now: Date;
  limit: number;
  cases?: TCaseFacts[];
  readersByCase?: Map<string, TCaseReader[]>;
}): Promise<TGrantWork> {
  const cases = knownCases ?? (await openCasesOf(db, session));
  if (!knownCases)
    await indexSomeLegacyCases(
      db,
      cases.map((c) => c.id),
      now,
    );
  const readersByCase = knownReaders ?? (await readersByCaseOf(db, cases, now));
  const granter = actorOf(session);
  const targets = cases.flatMap((c) =>
    (readersByCase.get(c.id) ?? []).flatMap((r) =>
      r.key && r.userId !== session.userId ? [{ facts: c, reader: r, key: r.key }] : [],
    ),
  );
  if (targets.length === 0) return [];
  const rows = await txQuery<{
    report_id: string;
    fingerprint: string;
    kind: SealedItemKind;
    item_id: string;
    packets: Uint8Array[];
  }>(
    db,
    `WITH items AS (${ITEMS_SQL}),
          pairs AS (SELECT * FROM unnest($2::uuid[], $3::text[]) AS p(report_id, fingerprint))
     SELECT p.report_id, p.fingerprint, i.kind, i.item_id,
            (SELECT array_agg(g.packets ORDER BY g.created_at) FROM key_packets g
              WHERE g.item_kind = i.kind AND g.item_id = i.item_id AND g.reader = 'staff' AND g.user_id = $4) AS packets
       FROM pairs p JOIN items i ON i.report_id = p.report_id
      WHERE NOT EXISTS (SELECT 1 FROM key_packets k
                         WHERE k.item_kind = i.kind AND k.item_id = i.item_id AND k.fingerprint = p.fingerprint)
        AND EXISTS (SELECT 1 FROM key_packets g
                     WHERE g.item_kind = i.kind AND g.item_id = i.item_id AND g.reader = 'staff' AND g.user_id = $4)
      ORDER BY p.report_id, p.fingerprint, i.kind, i.item_id
      LIMIT $5`,
    [
      [...new Set(targets.map((t) => t.facts.id))],
      targets.map((t) => t.facts.id),
      targets.map((t) => t.key.fingerprint),
      session.userId,
      limit,
    ],
  );
  const work = new Map<string, TGrantWork[number]>();
  for (const row of rows) {
    const target = targets.find((t) => t.facts.id === row.report_id && t.key.fingerprint === row.fingerprint);
    // Both sides of a grant are the domain's call: the granter may hold it, and so may the grantee.
    if (
      !target ||
      !mayHold(granter, row.kind, target.facts) ||
      !mayHold(target.reader.actor, row.kind, target.facts)
    )
      continue;
    const id = `${row.report_id}:${row.fingerprint}`;
    const entry = work.get(id) ?? {
      reportId: row.report_id,
      granteeUserId: target.reader.userId,
      granteeName: target.reader.name,
      granteeFingerprint: target.key.fingerprint,
      granteePublicKey: target.key.armoredPublicKey,
      items: [],
    };
    entry.items.push({
      kind: row.kind,
      itemId: row.item_id,
      packets: Buffer.concat(row.packets.map((p) => Buffer.from(p))).toString("base64"),
    });
    work.set(id, entry);
  }
  return [...work.values()];
}

export const MAX_GRANTS_PER_CALL = 500;
/** A v3 PKESK for an ECDH key is about 100 bytes; a few of them fit easily. */
const MAX_PACKET_BYTES = 2048;

export const ZCompleteGrantsInput = z.object({
  grants: z
    .array(
      z.object({
        kind: z.enum(SEALED_ITEM_KINDS),
        itemId: z.uuid("An item id is not valid."),
        granteeUserId: z.string().trim().min(1).max(64),
        granteeFingerprint: z.string().regex(/^[0-9A-F]{40}$/, "A fingerprint is 40 hex digits."),
        /** The new session-key packet(s), base64. */
        packets: z
          .string()
          .min(1)
          .max(Math.ceil((MAX_PACKET_BYTES * 4) / 3) + 4),
      }),
    )
    .min(1, "Nothing to grant.")
    .max(MAX_GRANTS_PER_CALL, `At most ${MAX_GRANTS_PER_CALL} items at a time.`),
});
export type TCompleteGrantsInput = z.infer<typeof ZCompleteGrantsInput>;

const refuse = (message: string) => new AppError(AppErrorCode.BAD_INPUT, message, { field: "grants" });

/**
 * Stores re-wrapped session-key packets that the caller's browser made. The server cannot check that a packet
 * holds the right session key (it never sees one), so it checks everything else: the item belongs to a case
 * the caller may hold it in and does hold it, the grantee may hold it too (domain), the fingerprint is the grantee's current key,
 * and the packets are session-key packets addressed to that key's encryption subkey and nothing else. Any
 * refusal refuses the whole batch. Audited once per case and grantee.
 */
export async function completeGrants({
  db,
  session,
  now,
  input,
}: {
  db: Db;
  session: SessionInfo;
  now: Date;
  input: TCompleteGrantsInput;
}): Promise<{ stored: number }> {
  return db.$transaction(async (tx) => {
    const items = await txQuery<{ kind: SealedItemKind; item_id: string; report_id: string }>(
      tx,
      `SELECT w.kind, w.item_id, w.report_id
         FROM (SELECT w.kind, w.item_id,
                      COALESCE(r.id, s.id, a.report_id, m.report_id, t.report_id, n.case_id, c.case_id, v.case_id,
                               f.case_id, ad.case_id, ac.case_id)
                        AS report_id
                 FROM unnest($1::text[], $2::uuid[]) AS w(kind, item_id)
                 LEFT JOIN reports r ON w.kind = 'report' AND r.id = w.item_id
                 LEFT JOIN reports s ON w.kind = 'summary' AND s.id = w.item_id AND s.summary IS NOT NULL
                 LEFT JOIN report_attachments a ON w.kind = 'attachment' AND a.id = w.item_id
                 LEFT JOIN report_messages m ON w.kind = 'reporter-message' AND m.id = w.item_id
                 LEFT JOIN team_messages t ON w.kind = 'team-message' AND t.id = w.item_id
                 LEFT JOIN case_notes n ON w.kind = 'note' AND n.id = w.item_id
                 LEFT JOIN fix_commits c ON w.kind = 'fix-commit' AND c.id = w.item_id
                 LEFT JOIN patch_versions v ON w.kind = 'patch' AND v.id = w.item_id
                 LEFT JOIN distributor_feedback f ON w.kind = 'distributor-feedback' AND f.id = w.item_id
                                                 AND f.details_ciphertext IS NOT NULL
                 LEFT JOIN advisory_drafts ad ON w.kind = 'advisory-draft' AND ad.id = w.item_id
                 LEFT JOIN advisory_comments ac ON w.kind = 'advisory-comment' AND ac.id = w.item_id) w
        WHERE w.report_id IS NOT NULL`,
      [input.grants.map((g) => g.kind), input.grants.map((g) => g.itemId)],
    );
    // Only what the granter holds can be re-wrapped by them: someone who was never given an item cannot have
    // opened its session key, whatever packet they send.
    const held = new Set(
      (
        await txQuery<{ kind: SealedItemKind; item_id: string }>(
          tx,
          `SELECT item_kind AS kind, item_id FROM key_packets
            WHERE reader = 'staff' AND user_id = $1 AND (item_kind, item_id) IN
                  (SELECT * FROM unnest($2::text[], $3::uuid[]))`,
          [session.userId, input.grants.map((g) => g.kind), input.grants.map((g) => g.itemId)],
        )
      ).map((h) => `${h.kind}:${h.item_id}`),
    );
    const reportOf = new Map(
      items
        .filter((i) => held.has(`${i.kind}:${i.item_id}`))
        .map((i) => [`${i.kind}:${i.item_id}`, i.report_id]),
    );
    const reportIds = [...new Set(items.map((i) => i.report_id))];
    const cases = new Map(
      (await loadCaseFactsMany(tx, { id: { in: reportIds } }, reportIds.length)).map((c) => [c.id, c]),
    );
    const granteeIds = [...new Set(input.grants.map((g) => g.granteeUserId))];
    const grantees = new Map((await loadStaffCandidates(tx, now, granteeIds)).map((c) => [c.userId, c]));
    const granter = actorOf(session);
    const keyIds = new Map<string, Set<string>>();

    const rows: TKeyPacketRow[] = [];
    for (const [index, grant] of input.grants.entries()) {
      const where = `Grant ${index + 1}`;
      const reportId = reportOf.get(`${grant.kind}:${grant.itemId}`);
      const facts = reportId ? cases.get(reportId) : undefined;
      // An item the caller may not hold looks the same as no item: ids of other cases cannot be probed.
      if (!facts || !mayHold(granter, grant.kind, facts)) {
        throw new AppError(AppErrorCode.NOT_FOUND, `${where}: there is no such item of a case you read.`, {
          field: "grants",
        });
      }
      const grantee = grantees.get(grant.granteeUserId);
      if (!grantee || !mayHold(grantee.actor, grant.kind, facts)) {
        throw refuse(`${where}: that person may not read this case.`);
      }
      if (!grantee.key || grantee.key.fingerprint !== grant.granteeFingerprint) {
        throw refuse(`${where}: that is not the person's current key. Reload and try again.`);
      }
      let packets: Uint8Array;
      try {
        packets = new Uint8Array(Buffer.from(grant.packets, "base64"));
        if (packets.length > MAX_PACKET_BYTES) throw new PacketError("too large");
        const ids =
          keyIds.get(grantee.key.fingerprint) ??
          new Set(await encryptionKeyIdsOfKey(grantee.key.armoredPublicKey));
        keyIds.set(grantee.key.fingerprint, ids);
        if (!parseKeyPackets(packets).every((p) => p.keyId !== null && ids.has(p.keyId))) {
          throw refuse(`${where}: the packet is not addressed to that person's key.`);
        }
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw refuse(`${where}: that is not a session-key packet.`);
      }
      rows.push({
        reportId: facts.id,
        item: { kind: grant.kind, id: grant.itemId },
        key: grantee.key,
        packets,
        grantedById: session.userId,
      });
    }
    const stored = await insertKeyPackets(tx, rows, now);
    const perCase = new Map<
      string,
      { reportId: string; userId: string; fingerprint: string; items: number }
    >();
    for (const row of rows) {
      const id = `${row.reportId}:${row.key.userId}`;
      const entry = perCase.get(id) ?? {
        reportId: row.reportId,
        userId: row.key.userId ?? "",
        fingerprint: row.key.fingerprint,
        items: 0,
      };
      entry.items += 1;
      perCase.set(id, entry);
    }
    for (const entry of perCase.values()) {
      await appendAuditEvent(tx, {
        actorId: session.userId,
        actorKind: "user",
        action: "case.access_granted",
        subjectType: "report",
        subjectId: entry.reportId,
        data: { granteeUserId: entry.userId, fingerprint: entry.fingerprint, items: entry.items },
        occurredAt: now,
      });
    }
    return { stored };
  });
}
