import {
  armorMessage,
  dearmorMessage,
  encryptionKeyIdsOfKey,
  joinMessage,
  splitAnyMessage,
  splitMessage,
  type TSplitMessage,
} from "@disclose/crypto";
import { type AnyTx, txQuery } from "@disclose/db";
import type { SealedItemKind } from "@disclose/domain";
import { AppError, AppErrorCode } from "../../errors";
import { pstEncryptionKeyIds } from "../keys/list-pst-keys";

/** A key an item is (or must be) encrypted to: a staff member's current key, or the reporter's own key. */
export interface TReaderKey {
  reader: "staff" | "reporter";
  /** The staff member; null for the reporter. */
  userId: string | null;
  name: string;
  fingerprint: string;
  armoredPublicKey: string;
  /** The key's encryption subkey IDs, when the caller has them already (saves parsing the key again). */
  encryptionKeyIds?: string[];
}

export interface TItemRef {
  kind: SealedItemKind;
  id: string;
}

/** A reader as the server serves them: a staff member (any of their keys, current or retired), or the reporter. */
export type TReader = { reader: "staff"; userId: string } | { reader: "reporter" };

export const itemKey = (kind: SealedItemKind, id: string) => `${kind}:${id}`;

/**
 * Key IDs of a key's encryption subkeys. Staff keys are few and used on every submission, so they are cached by
 * key text; a reporter's key is used for one report only, so it is never cached (the cache would only grow).
 */
export async function encryptionKeyIds(
  key: Pick<TReaderKey, "armoredPublicKey" | "reader" | "encryptionKeyIds">,
): Promise<string[]> {
  if (key.encryptionKeyIds) return key.encryptionKeyIds;
  return key.reader === "staff" ? pstEncryptionKeyIds(key) : encryptionKeyIdsOfKey(key.armoredPublicKey);
}

async function split(message: string | Uint8Array, field: string, what = "This"): Promise<TSplitMessage> {
  try {
    return await splitAnyMessage(message);
  } catch {
    // A PacketError, or armor that does not decode: either way, not what a browser of ours sends.
    throw new AppError(AppErrorCode.BAD_INPUT, `${what} is not an encrypted OpenPGP message.`, { field });
  }
}

/**
 * Which readers an item was encrypted to, as it is made: one key_packets row per reader key found in the
 * message. Every key in `required` must be among them, or the item is refused as stale (the browser fetches
 * the case's reader keys again and re-encrypts), so nobody who should read it is left out.
 */
export async function keyPacketRowsFor(options: {
  reportId: string;
  item: TItemRef;
  message: string | Uint8Array;
  required: readonly TReaderKey[];
  /** Readers that may be among the recipients without being required (the reporter of a pasted message). */
  optional?: readonly TReaderKey[];
  field: string;
  /** How the refusal names the item ("Attachment 2"). */
  what?: string;
}): Promise<TKeyPacketRow[]> {
  const { keyPackets } = await split(options.message, options.field, options.what);
  const rows: TKeyPacketRow[] = [];
  let missing: TReaderKey | null = null;
  for (const [key, required] of [
    ...options.required.map((k) => [k, true] as const),
    ...(options.optional ?? []).map((k) => [k, false] as const),
  ]) {
    const ids = new Set(await encryptionKeyIds(key));
    const mine = keyPackets.filter((p) => p.keyId !== null && ids.has(p.keyId));
    if (mine.length > 0) {
      rows.push({
        reportId: options.reportId,
        item: options.item,
        key,
        packets: joinMessage(
          mine.map((p) => p.bytes),
          new Uint8Array(),
        ),
        grantedById: null,
      });
    } else if (required && missing?.reader !== "reporter") missing = key;
  }
  // The reporter's key never changes: leaving it out is a mistake, not a stale key list.
  if (missing?.reader === "reporter") {
    throw new AppError(AppErrorCode.BAD_INPUT, "This is not encrypted to the reporter's key.", {
      field: options.field,
    });
  }
  if (missing) {
    throw new AppError(
      AppErrorCode.STALE_RECIPIENT_KEYS,
      "This is not encrypted to everyone who reads this case now. It was not stored; it will be encrypted again to the current keys.",
      { field: options.field },
    );
  }
  return rows;
}

export interface TKeyPacketRow {
  reportId: string;
  item: TItemRef;
  key: Pick<TReaderKey, "reader" | "userId" | "fingerprint">;
  packets: Uint8Array;
  grantedById: string | null;
}

/**
 * The INSERT of key packet rows from 9 array parameters starting at `$first` (see keyPacketParams); a row that
 * exists already is kept as it is. A statement of its own, or the last part of a larger one.
 */
export function insertKeyPacketsSql(first: number): string {
  const p = (i: number) => `$${first + i}`;
  return `INSERT INTO key_packets (report_id, item_kind, item_id, fingerprint, reader, user_id, packets, granted_by_id, created_at)
          SELECT * FROM unnest(${p(0)}::uuid[], ${p(1)}::text[], ${p(2)}::uuid[], ${p(3)}::text[], ${p(4)}::text[],
                               ${p(5)}::text[], ${p(6)}::bytea[], ${p(7)}::text[], ${p(8)}::timestamptz[])
          ON CONFLICT DO NOTHING`;
}

export function keyPacketParams(rows: readonly TKeyPacketRow[], now: Date): unknown[] {
  return [
    rows.map((r) => r.reportId),
    rows.map((r) => r.item.kind),
    rows.map((r) => r.item.id),
    rows.map((r) => r.key.fingerprint),
    rows.map((r) => r.key.reader),
    rows.map((r) => r.key.userId),
    rows.map((r) => Buffer.from(r.packets.buffer, r.packets.byteOffset, r.packets.byteLength)),
    rows.map((r) => r.grantedById),
    rows.map(() => now),
  ];
}

/** Inserts key packet rows in one statement; returns how many were new. */
export async function insertKeyPackets(
  tx: AnyTx,
  rows: readonly TKeyPacketRow[],
  now: Date,
): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await txQuery<{ n: number }>(
    tx,
    `WITH ins AS (${insertKeyPacketsSql(1)} RETURNING 1) SELECT count(*)::int AS n FROM ins`,
    keyPacketParams(rows, now),
  );
  return inserted[0]?.n ?? 0;
}

/** One reader's packets for the items of a case, by itemKey(kind, id). */
export async function loadReaderPackets(
  tx: AnyTx,
  options: { reportId: string; reader: TReader; kinds?: readonly SealedItemKind[] },
): Promise<Map<string, Uint8Array[]>> {
  const rows = await txQuery<{ item_kind: SealedItemKind; item_id: string; packets: Uint8Array }>(
    tx,
    `SELECT item_kind, item_id, packets FROM key_packets
      WHERE report_id = $1::uuid
        AND ${options.reader.reader === "staff" ? "reader = 'staff' AND user_id = $2" : "reader = 'reporter' AND $2::text IS NULL"}
        AND ($3::text[] IS NULL OR item_kind = ANY($3::text[]))
      ORDER BY created_at, fingerprint`,
    [
      options.reportId,
      options.reader.reader === "staff" ? options.reader.userId : null,
      options.kinds ? [...options.kinds] : null,
    ],
  );
  const byItem = new Map<string, Uint8Array[]>();
  for (const row of rows) {
    const key = itemKey(row.item_kind, row.item_id);
    byItem.set(key, [...(byItem.get(key) ?? []), new Uint8Array(row.packets)]);
  }
  return byItem;
}

/**
 * The stored item as one reader receives it: their session-key packets, then the item's encrypted data. Null
 * when the reader holds none (not granted yet). Armored in, armored out; binary in, binary out.
 */
export async function serveItem(
  stored: string,
  packets: readonly Uint8Array[] | undefined,
): Promise<string | null>;
export async function serveItem(
  stored: Uint8Array,
  packets: readonly Uint8Array[] | undefined,
): Promise<Uint8Array | null>;
export async function serveItem(
  stored: string | Uint8Array,
  packets: readonly Uint8Array[] | undefined,
): Promise<string | Uint8Array | null> {
  if (!packets || packets.length === 0) return null;
  if (typeof stored === "string") {
    return armorMessage(joinMessage(packets, splitMessage(await dearmorMessage(stored)).data));
  }
  return joinMessage(packets, splitMessage(stored).data);
}
