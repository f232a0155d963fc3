import { createHash } from "node:crypto";
import { type AnyTx, type Db, txQuery } from "../client";
import { Prisma } from "../generated/prisma/client";
import { canonicalJson, toJsonValue } from "./canonical-json";

export const GENESIS_HASH = "0".repeat(64);
// Serialises appends across all connections: each event must see its predecessor.
const APPEND_LOCK_KEY = 0x617564_6974n; // "audit"

export interface AuditEventInput {
  actorId?: string | null;
  /** e.g. "user", "reporter", "system". */
  actorKind: string;
  /** Dotted verb, e.g. "case.accepted". */
  action: string;
  subjectType: string;
  subjectId?: string | null;
  data?: Record<string, unknown>;
  /** Default now; stored with millisecond precision, which a JS Date has exactly. */
  occurredAt?: Date;
}

export interface HashedAuditEvent {
  seq: bigint;
  occurredAt: Date;
  actorId: string | null;
  actorKind: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  data: unknown;
  prevHash: string;
}

/** sha256(prevHash + canonical JSON of the content, seq included) in hex. */
export function computeAuditHash(event: HashedAuditEvent): string {
  const content = canonicalJson({
    seq: event.seq.toString(),
    occurredAt: event.occurredAt.toISOString(),
    actorId: event.actorId,
    actorKind: event.actorKind,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    data: event.data,
  });
  return createHash("sha256").update(event.prevHash).update(content).digest("hex");
}

/**
 * Appends an event to the hash chain inside the caller's transaction, so it commits (or not) with the change
 * it records. Appends are serialised until that transaction ends; use the default READ COMMITTED isolation
 * (a stale snapshot would chain to an old head, which the database trigger refuses).
 */
export async function appendAuditEvent(
  tx: AnyTx,
  input: AuditEventInput,
): Promise<{ seq: bigint; hash: string }> {
  // Two round trips in plain SQL: every state change in the product pays for this, the portal's intake most.
  const [head] = await txQuery<{ seq: string; prev_hash: string }>(
    tx,
    "SELECT seq::text, prev_hash FROM audit_lock_head($1::bigint)",
    [APPEND_LOCK_KEY.toString()],
  );
  if (!head) throw new Error("audit_lock_head returned nothing");
  const event: HashedAuditEvent = {
    seq: BigInt(head.seq),
    occurredAt: input.occurredAt ?? new Date(),
    actorId: input.actorId ?? null,
    actorKind: input.actorKind,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId ?? null,
    data: toJsonValue(input.data ?? {}),
    prevHash: head.prev_hash,
  };
  const hash = computeAuditHash(event);
  await txQuery(
    tx,
    `INSERT INTO audit_events
       (seq, occurred_at, actor_id, actor_kind, action, subject_type, subject_id, data, prev_hash, hash)
     VALUES ($1::bigint, $2::timestamptz, $3, $4, $5, $6, $7, $8::jsonb, $9, $10)`,
    [
      head.seq,
      event.occurredAt,
      event.actorId,
      event.actorKind,
      event.action,
      event.subjectType,
      event.subjectId,
      JSON.stringify(event.data),
      event.prevHash,
      hash,
    ],
  );
  return { seq: event.seq, hash };
}

export type AuditChainResult = { ok: true; count: number } | { ok: false; seq: bigint; reason: string };

/**
 * Recomputes the chain in seq order, in batches, within one snapshot. Detects changed, inserted and deleted
 * events, including deleted last events (through audit_head). Not detectable: someone able to bypass the
 * triggers who rewrites every later event and audit_head too; publish or copy the head hash elsewhere
 * to catch that.
 */
export async function verifyAuditChain(
  db: Db,
  options: { batchSize?: number; timeoutMs?: number } = {},
): Promise<AuditChainResult> {
  const batchSize = options.batchSize ?? 1000;
  return db.$transaction(
    async (tx) => {
      let prevHash = GENESIS_HASH;
      let lastSeq: bigint | undefined;
      let count = 0;
      for (;;) {
        const batch = await tx.auditEvent.findMany({
          where: lastSeq === undefined ? {} : { seq: { gt: lastSeq } },
          orderBy: { seq: "asc" },
          take: batchSize,
        });
        for (const row of batch) {
          if (row.prevHash !== prevHash) {
            return fail(
              row.seq,
              "prev_hash does not match the preceding event: an event was deleted or inserted",
            );
          }
          if (computeAuditHash(row) !== row.hash) {
            return fail(row.seq, "hash does not match the event's content: the event was changed or forged");
          }
          prevHash = row.hash;
          lastSeq = row.seq;
          count++;
        }
        if (batch.length < batchSize) break;
      }
      const head = await tx.auditHead.findUnique({ where: { id: 1 } });
      if (lastSeq === undefined) {
        return head
          ? fail(head.seq, "audit_head names an event but the log is empty: events were deleted")
          : ok(0);
      }
      if (!head) return fail(lastSeq, "audit_head is missing: events were written around the triggers");
      if (head.seq > lastSeq) {
        return fail(
          head.seq,
          `the log ends at ${lastSeq} but audit_head names ${head.seq}: the last events were deleted`,
        );
      }
      if (head.seq < lastSeq) {
        return fail(lastSeq, `audit_head names ${head.seq}: later events were appended around the triggers`);
      }
      if (head.hash !== prevHash)
        return fail(head.seq, "audit_head's hash differs from the last event's hash");
      return ok(count);
    },
    {
      isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead,
      timeout: options.timeoutMs ?? 600_000,
    },
  );
}

const ok = (count: number): AuditChainResult => ({ ok: true, count });
const fail = (seq: bigint, reason: string): AuditChainResult => ({ ok: false, seq, reason });
