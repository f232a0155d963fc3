import { fingerprintOf, joinMessage, splitAnyMessage } from "@disclose/crypto";
import { type AnyTx, type Role as DbRole, txQuery } from "@disclose/db";
import {
  mayHold,
  SEALED_ITEM_KINDS,
  type SealedItemKind,
  type TActor,
  type TCaseFacts,
} from "@disclose/domain";
import { actorOf } from "../../auth/actor";
import { distributorOf } from "../../context";
import { isKeyUsableAt } from "../keys/list-pst-keys";
import {
  encryptionKeyIds,
  insertKeyPackets,
  keyPacketRowsFor,
  type TItemRef,
  type TKeyPacketRow,
  type TReaderKey,
} from "./key-packets";

/** A staff member who may hold a case's content, and the key items are encrypted to for them (if any yet). */
export interface TCaseReader {
  userId: string;
  name: string;
  actor: TActor;
  /** Their current, usable key; null: they have none yet (their grants wait for it). */
  key: TReaderKey | null;
}

/** An active account that might read cases, with its current usable key. */
export type TStaffCandidate = TCaseReader;

/**
 * Active accounts with their roles and current usable keys: the people any case's readers are drawn from.
 * `userIds` narrows it to the PST and those people (a case's Fix Lead and Fix Team); null loads everyone.
 */
export async function loadStaffCandidates(
  tx: AnyTx,
  now: Date,
  userIds: readonly string[] | null,
): Promise<TStaffCandidate[]> {
  const rows = await txQuery<{
    id: string;
    name: string | null;
    email: string;
    roles: DbRole[];
    organization_id: string | null;
    membership_status: string | null;
    fingerprint: string | null;
    armored_public_key: string | null;
  }>(
    tx,
    `SELECT u.id, u.name, u.email,
            COALESCE((SELECT array_agg(r.role::text) FROM user_roles r WHERE r.user_id = u.id), '{}') AS roles,
            dm.organization_id, dm.status AS membership_status,
            k.fingerprint, k.armored_public_key
       FROM users u
       LEFT JOIN distributor_memberships dm ON dm.user_id = u.id
       LEFT JOIN LATERAL (SELECT fingerprint, armored_public_key FROM pgp_keys
                           WHERE user_id = u.id AND retired_at IS NULL
                           ORDER BY created_at DESC LIMIT 1) k ON true
      WHERE u.active
        AND ($1::text[] IS NULL OR u.id = ANY($1::text[])
             OR EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id AND r.role = 'PST_MEMBER'))
      ORDER BY u.name NULLS LAST, u.email`,
    [userIds ? [...userIds] : null],
  );
  const candidates: TStaffCandidate[] = [];
  for (const row of rows) {
    const actor = actorOf({
      userId: row.id,
      roles: row.roles,
      distributor: distributorOf(
        row.organization_id
          ? { organizationId: row.organization_id, status: row.membership_status ?? "" }
          : null,
      ),
    });
    const name = row.name ?? row.email;
    const usable =
      row.fingerprint !== null &&
      row.armored_public_key !== null &&
      (await isKeyUsableAt({ armoredPublicKey: row.armored_public_key }, now));
    candidates.push({
      userId: row.id,
      name,
      actor,
      key: usable
        ? {
            reader: "staff",
            userId: row.id,
            name,
            fingerprint: row.fingerprint as string,
            armoredPublicKey: row.armored_public_key as string,
          }
        : null,
    });
  }
  return candidates;
}

/** Among the candidates, the staff who may hold some of this case's content now (the domain's rule). */
export function readersOfCase(candidates: readonly TStaffCandidate[], facts: TCaseFacts): TCaseReader[] {
  return candidates.filter((c) => SEALED_ITEM_KINDS.some((kind) => mayHold(c.actor, kind, facts)));
}

/**
 * The staff who may hold items of this case now, by the domain's rule (PST members, its Fix Lead and Fix
 * Team; never an admin-only or distributor account), with their current keys.
 */
export async function loadCaseReaders(tx: AnyTx, facts: TCaseFacts, now: Date): Promise<TCaseReader[]> {
  const ids = [...(facts.fixLeadId ? [facts.fixLeadId] : []), ...facts.fixTeamIds];
  return readersOfCase(await loadStaffCandidates(tx, now, ids), facts);
}

/** The keys an item of `kind` must be encrypted to now, among the case's readers. */
export function readerKeysFor(
  readers: readonly TCaseReader[],
  kind: SealedItemKind,
  facts: TCaseFacts,
): TReaderKey[] {
  return readers.flatMap((r) => (r.key && mayHold(r.actor, kind, facts) ? [r.key] : []));
}

export function reporterReaderKey(
  reporterPublicKey: string,
  fingerprint: string,
  encryptionKeyIds?: string[],
): TReaderKey {
  return {
    reader: "reporter",
    userId: null,
    name: "Reporter",
    fingerprint,
    armoredPublicKey: reporterPublicKey,
    ...(encryptionKeyIds ? { encryptionKeyIds } : {}),
  };
}

/**
 * Reports made before access grants carry their recipients only inside each message. The first time such a
 * case is used, its items are indexed: one key_packets row per recipient key we know (any staff key, current or
 * retired, and the reporter's key). Idempotent; a case is done once.
 */
export async function indexLegacyKeyPackets(tx: AnyTx, reportId: string, now: Date): Promise<void> {
  // Every read of a case passes here: look without a lock first, and lock only the rare case still to index.
  const [state] = await txQuery<{ indexed: boolean }>(
    tx,
    "SELECT key_packets_indexed AS indexed FROM reports WHERE id = $1::uuid",
    [reportId],
  );
  if (!state || state.indexed) return;
  const [report] = await txQuery<{ ciphertext: string; reporter_public_key: string; indexed: boolean }>(
    tx,
    `SELECT ciphertext, reporter_public_key, key_packets_indexed AS indexed FROM reports WHERE id = $1::uuid FOR UPDATE`,
    [reportId],
  );
  if (!report || report.indexed) return;
  const staffKeys = await txQuery<{ user_id: string; fingerprint: string; armored_public_key: string }>(
    tx,
    "SELECT user_id, fingerprint, armored_public_key FROM pgp_keys",
  );
  const keys: Pick<TReaderKey, "reader" | "userId" | "fingerprint" | "armoredPublicKey">[] = [
    ...staffKeys.map((k) => ({
      reader: "staff" as const,
      userId: k.user_id,
      fingerprint: k.fingerprint,
      armoredPublicKey: k.armored_public_key,
    })),
    {
      reader: "reporter" as const,
      userId: null,
      fingerprint: await fingerprintOf(report.reporter_public_key),
      armoredPublicKey: report.reporter_public_key,
    },
  ];
  const byKeyId = new Map<string, (typeof keys)[number]>();
  for (const key of keys) for (const id of await encryptionKeyIds(key)) byKeyId.set(id, key);

  const items: { kind: SealedItemKind; id: string; message: string | Uint8Array }[] = [
    { kind: "report", id: reportId, message: report.ciphertext },
    ...(
      await txQuery<{ id: string; ciphertext: Uint8Array }>(
        tx,
        "SELECT id, ciphertext FROM report_attachments WHERE report_id = $1::uuid",
        [reportId],
      )
    ).map((a) => ({ kind: "attachment" as const, id: a.id, message: new Uint8Array(a.ciphertext) })),
    ...(
      await txQuery<{ id: string; ciphertext: string }>(
        tx,
        "SELECT id, ciphertext FROM report_messages WHERE report_id = $1::uuid",
        [reportId],
      )
    ).map((m) => ({ kind: "reporter-message" as const, id: m.id, message: m.ciphertext })),
  ];
  const rows: TKeyPacketRow[] = [];
  for (const item of items) {
    const split = await splitAnyMessage(item.message).catch(() => null);
    if (!split) continue;
    const perKey = new Map<string, { key: (typeof keys)[number]; packets: Uint8Array[] }>();
    for (const packet of split.keyPackets) {
      const key = packet.keyId ? byKeyId.get(packet.keyId) : undefined;
      if (!key) continue;
      const entry = perKey.get(key.fingerprint) ?? { key, packets: [] };
      entry.packets.push(packet.bytes);
      perKey.set(key.fingerprint, entry);
    }
    for (const { key, packets } of perKey.values()) {
      const joined = joinMessage(packets, new Uint8Array());
      rows.push({
        reportId,
        item: { kind: item.kind, id: item.id },
        key,
        packets: joined,
        grantedById: null,
      });
    }
  }
  await insertKeyPackets(tx, rows, now);
  await txQuery(tx, "UPDATE reports SET key_packets_indexed = true WHERE id = $1::uuid", [reportId]);
}

/**
 * The keys a new item of `kind` in this case must be encrypted to: the staff who may hold it now and, when the
 * reporter may, the reporter's own key. The portal and the admin app ask for these before encrypting.
 */
export async function caseItemRecipients(
  tx: AnyTx,
  options: { facts: TCaseFacts; kind: SealedItemKind; now: Date },
): Promise<{ staff: TReaderKey[]; reporter: TReaderKey | null }> {
  const readers = await loadCaseReaders(tx, options.facts, options.now);
  const staff = readerKeysFor(readers, options.kind, options.facts);
  if (!mayHold({ kind: "reporter", caseId: options.facts.id }, options.kind, options.facts)) {
    return { staff, reporter: null };
  }
  const [report] = await txQuery<{ reporter_public_key: string }>(
    tx,
    "SELECT reporter_public_key FROM reports WHERE id = $1::uuid",
    [options.facts.id],
  );
  if (!report) return { staff, reporter: null };
  return {
    staff,
    reporter: reporterReaderKey(report.reporter_public_key, await fingerprintOf(report.reporter_public_key)),
  };
}

/**
 * The key packet rows of a new item of this case, proving it is encrypted to everyone who may hold it now (the
 * staff readers and, where the domain says so, the reporter); refused otherwise (see keyPacketRowsFor).
 */
export async function caseItemRows(
  tx: AnyTx,
  options: { facts: TCaseFacts; item: TItemRef; message: string; field: string; now: Date },
): Promise<TKeyPacketRow[]> {
  const { staff, reporter } = await caseItemRecipients(tx, {
    facts: options.facts,
    kind: options.item.kind,
    now: options.now,
  });
  return keyPacketRowsFor({
    reportId: options.facts.id,
    item: options.item,
    message: options.message,
    required: reporter ? [...staff, reporter] : staff,
    field: options.field,
  });
}
