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
  const content = canonicalContent({ ...event, seq: event.seq.toString() });
  return createHash("sha256").update(event.prevHash).update(content).digest("hex");
}

/** What is hashed after prevHash; audit_append() in SQL computes the same for appends. */
function canonicalContent(event: Omit<HashedAuditEvent, "seq" | "prevHash"> & { seq: string }): string {
  return canonicalJson({
    seq: event.seq,
    occurredAt: event.occurredAt.toISOString(),
    actorId: event.actorId,
    actorKind: event.actorKind,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    data: event.data,
  });
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
  const event = {
    occurredAt: input.occurredAt ?? new Date(),
    actorId: input.actorId ?? null,
    actorKind: input.actorKind,
    action: input.action,
    subjectType: input.subjectType,
    subjectId: input.subjectId ?? null,
    data: toJsonValue(input.data ?? {}),
  };
  // The database assigns seq (under the chain's lock) and hashes; it gets the canonical JSON split around seq.
  // A NUL cannot occur in any stored text or jsonb value, so the marker splits the JSON in exactly one place.
  const [before, after, ...rest] = canonicalContent({ ...event, seq: SEQ_MARKER }).split(
    JSON.stringify(SEQ_MARKER),
  );
  if (before === undefined || after === undefined || rest.length > 0) {
    throw new Error("audit event content cannot hold a NUL character");
  }
  const [row] = await txQuery<{ seq: string; hash: string }>(
    tx,
    "SELECT seq::text, hash FROM audit_append($1::bigint, $2, $3, $4::timestamptz, $5, $6, $7, $8, $9, $10::jsonb)",
    [
      APPEND_LOCK_KEY.toString(),
      before,
      after,
      event.occurredAt,
      event.actorId,
      event.actorKind,
      event.action,
      event.subjectType,
      event.subjectId,
      JSON.stringify(event.data),
    ],
  );
  if (!row) throw new Error("audit_append returned nothing");
  return { seq: BigInt(row.seq), hash: row.hash };
}

const SEQ_MARKER = "\u0000seq\u0000";

/** The chain's last event, as the daily digest sends it out of the server. */
export interface AuditChainHead {
  seq: bigint;
  hash: string;
}

/**
 * `count`: events verified (up to the break, when broken). `head`: the last event (null for an empty log).
 */
export type AuditChainResult =
  | { ok: true; count: number; head: AuditChainHead | null }
  | { ok: false; seq: bigint; reason: string; count: number };

export interface VerifyAuditChainOptions {
  batchSize?: number;
  timeoutMs?: number;
  /**
   * A head hash someone received earlier (the daily digest): the chain must still hold it, at that seq when
   * given. Catches what nothing inside the database can: a rewrite of every later event and of audit_head by
   * someone able to bypass the triggers.
   */
  expectedHead?: { seq?: bigint; hash: string };
}

/**
 * Recomputes the chain in seq order, in batches, within one snapshot. Detects changed, inserted and deleted
 * events, including deleted last events (through audit_head). Not detectable alone: someone able to bypass the
 * triggers who rewrites every later event and audit_head too; `expectedHead` (a head hash kept outside the
 * server) catches that.
 */
export async function verifyAuditChain(
  db: Db,
  options: VerifyAuditChainOptions = {},
): Promise<AuditChainResult> {
  const batchSize = options.batchSize ?? 1000;
  const expected = options.expectedHead
    ? { seq: options.expectedHead.seq, hash: options.expectedHead.hash.toLowerCase() }
    : undefined;
  return db.$transaction(
    async (tx) => {
      let prevHash = GENESIS_HASH;
      let lastSeq: bigint | undefined;
      let count = 0;
      let expectedFound = false;
      const fail = (seq: bigint, reason: string): AuditChainResult => ({ ok: false, seq, reason, count });
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
          if (
            expected &&
            row.hash === expected.hash &&
            (expected.seq === undefined || expected.seq === row.seq)
          )
            expectedFound = true;
          prevHash = row.hash;
          lastSeq = row.seq;
          count++;
        }
        if (batch.length < batchSize) break;
      }
      const head = await tx.auditHead.findUnique({ where: { id: 1 } });
      if (lastSeq === undefined) {
        if (head)
          return fail(head.seq, "audit_head names an event but the log is empty: events were deleted");
      } else {
        if (!head) return fail(lastSeq, "audit_head is missing: events were written around the triggers");
        if (head.seq > lastSeq) {
          return fail(
            head.seq,
            `the log ends at ${lastSeq} but audit_head names ${head.seq}: the last events were deleted`,
          );
        }
        if (head.seq < lastSeq) {
          return fail(
            lastSeq,
            `audit_head names ${head.seq}: later events were appended around the triggers`,
          );
        }
        if (head.hash !== prevHash)
          return fail(head.seq, "audit_head's hash differs from the last event's hash");
      }
      if (expected && !expectedFound) {
        const where = expected.seq === undefined ? "" : ` (seq ${expected.seq})`;
        // The seq it names, else the head: where a person would start looking.
        return fail(
          expected.seq ?? lastSeq ?? 0n,
          `the head hash received earlier${where} is not in the chain: the chain was rewritten`,
        );
      }
      return {
        ok: true,
        count,
        head: lastSeq === undefined ? null : { seq: lastSeq, hash: prevHash },
      };
    },
    {
      isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead,
      timeout: options.timeoutMs ?? 600_000,
    },
  );
}
