import { createHash } from "node:crypto";
import type { Db, DbTx } from "../client";
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
export async function appendAuditEvent(tx: DbTx, input: AuditEventInput) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${APPEND_LOCK_KEY})`;
  const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { hash: true } });
  const [next] = await tx.$queryRaw<{ seq: bigint }[]>`
    SELECT nextval(pg_get_serial_sequence('audit_events', 'seq')) AS seq`;
  if (!next) throw new Error("audit_events: no sequence value");
  const event: HashedAuditEvent = {
    seq: next.seq,
    occurredAt: input.occurredAt ?? new Date(),
    actorId: input.actorId ?? null,
    actorKind: input.actorKind,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId ?? null,
    data: toJsonValue(input.data ?? {}),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  return tx.auditEvent.create({
    data: { ...event, data: event.data as Prisma.InputJsonObject, hash: computeAuditHash(event) },
  });
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
