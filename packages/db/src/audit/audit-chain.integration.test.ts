import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../testing";
import { withClient } from "../testing/shared";
import {
  type AuditEventInput,
  appendAuditEvent,
  computeAuditHash,
  type HashedAuditEvent,
  verifyAuditChain,
} from "./audit-chain";

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(() => t.drop());

const event = (n: number): AuditEventInput => ({
  actorId: "user-1",
  actorKind: "user",
  action: "case.viewed",
  subjectType: "case",
  subjectId: `case-${n}`,
  data: { n, nested: { b: [1, "two"], a: null }, text: "é 😀" },
});

async function appendMany(count: number) {
  for (let n = 1; n <= count; n++) await t.db.$transaction((tx) => appendAuditEvent(tx, event(n)));
}

/** Runs SQL with triggers off, as someone with superuser access could. */
function tamper(sql: string, params: unknown[] = []) {
  return withClient(t.url, async (client) => {
    await client.query("SET session_replication_role = replica");
    await client.query(sql, params);
  });
}

/** Inserts an event with a correctly computed hash, around the triggers. */
function insertForged(forged: HashedAuditEvent) {
  return tamper(
    `INSERT INTO audit_events
       (seq, occurred_at, actor_id, actor_kind, action, subject_type, subject_id, data, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      forged.seq,
      forged.occurredAt,
      forged.actorId,
      forged.actorKind,
      forged.action,
      forged.subjectType,
      forged.subjectId,
      forged.data,
      forged.prevHash,
      computeAuditHash(forged),
    ],
  );
}

async function lastRow() {
  return t.db.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
}

describe("audit chain", () => {
  it("verifies an empty log and a chain of appended events", async () => {
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, count: 0 });
    await appendMany(5);
    expect(await verifyAuditChain(t.db, { batchSize: 2 })).toMatchObject({ ok: true, count: 5 });
    const rows = await t.db.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(rows[0]?.prevHash).toBe("0".repeat(64));
    expect(rows[1]?.prevHash).toBe(rows[0]?.hash);
  });

  it("keeps millisecond timestamps exactly", async () => {
    const occurredAt = new Date("2026-03-04T05:06:07.891Z");
    await t.db.$transaction((tx) => appendAuditEvent(tx, { ...event(1), occurredAt }));
    expect((await lastRow()).occurredAt).toEqual(occurredAt);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, count: 1 });
  });

  it("hashes in the database exactly as computeAuditHash does, whatever the data holds", async () => {
    const tricky = [
      { text: '"seq":"1"', escaped: "\\u0000seq\\u0000", quote: '\\"\\u0000' },
      { "": "", "\u00e9": ["😀", { z: 1, a: [null, true, 1.5e-7] }], "\u2028": "\\" },
    ];
    for (const data of tricky) {
      await t.db.$transaction((tx) => appendAuditEvent(tx, { ...event(1), data }));
    }
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, count: tricky.length });
  });

  it("refuses content with a NUL character and leaves the chain as it was", async () => {
    await appendMany(1);
    await expect(
      t.db.$transaction((tx) => appendAuditEvent(tx, { ...event(2), data: { text: "a\u0000b" } })),
    ).rejects.toThrow();
    await expect(
      t.db.$transaction((tx) => appendAuditEvent(tx, { ...event(2), subjectId: "\u0000seq\u0000" })),
    ).rejects.toThrow();
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, count: 1 });
  });

  it("refuses UPDATE, DELETE and TRUNCATE of events and direct writes to the head", async () => {
    await appendMany(2);
    const refused = (sql: string) =>
      expect(withClient(t.url, (c) => c.query(sql))).rejects.toThrow(/refused/);
    await refused(`UPDATE audit_events SET action = 'x'`);
    await refused("DELETE FROM audit_events");
    await refused("TRUNCATE audit_events");
    await refused("UPDATE audit_head SET seq = 1");
    await refused("DELETE FROM audit_head");
    await refused(`INSERT INTO audit_head (id, seq, hash) VALUES (2, 1, 'x')`);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, count: 2 });
  });

  it("refuses an insert that does not extend the chain", async () => {
    await appendMany(1);
    const insert = withClient(t.url, (c) =>
      c.query(`INSERT INTO audit_events (actor_kind, action, subject_type, prev_hash, hash)
               VALUES ('user', 'forged', 'case', 'not-the-head', 'h')`),
    );
    await expect(insert).rejects.toThrow(/does not extend the chain head/);
  });

  it("keeps a valid chain under concurrent appends", async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, n) => t.db.$transaction((tx) => appendAuditEvent(tx, event(n)))),
    );
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, count: 20 });
  });

  describe("detects tampering", () => {
    beforeEach(() => appendMany(5));

    it("a changed event", async () => {
      await tamper(`UPDATE audit_events SET data = '{"n": 99}' WHERE seq = 3`);
      expect(await verifyAuditChain(t.db)).toMatchObject({
        ok: false,
        seq: 3n,
        reason: expect.stringMatching(/changed/),
      });
    });

    it("a changed event whose hash was recomputed", async () => {
      const row = await t.db.auditEvent.findUniqueOrThrow({ where: { seq: 3n } });
      const forged = { ...row, action: "case.nothing-happened" };
      await tamper("UPDATE audit_events SET action = $1, hash = $2 WHERE seq = 3", [
        forged.action,
        computeAuditHash(forged),
      ]);
      expect(await verifyAuditChain(t.db)).toMatchObject({
        ok: false,
        seq: 4n,
        reason: expect.stringMatching(/prev_hash/),
      });
    });

    it("an event inserted in the middle", async () => {
      // A rolled-back append leaves a gap in seq, where the forged event goes.
      await expect(
        t.db.$transaction(async (tx) => {
          await appendAuditEvent(tx, event(6));
          throw new Error("roll back");
        }),
      ).rejects.toThrow("roll back");
      await appendMany(1);
      const rows = await t.db.auditEvent.findMany({ orderBy: { seq: "asc" } });
      const before = rows[4]!;
      const forged = { ...before, seq: before.seq + 1n, action: "forged", prevHash: before.hash };
      await insertForged(forged);
      expect(await verifyAuditChain(t.db)).toMatchObject({
        ok: false,
        seq: rows[5]!.seq,
        reason: expect.stringMatching(/prev_hash/),
      });
    });

    it("an event appended around the triggers with a wrong hash", async () => {
      const last = await lastRow();
      await tamper(
        `INSERT INTO audit_events (seq, actor_kind, action, subject_type, prev_hash, hash)
         VALUES (6, 'user', 'forged', 'case', $1, 'wrong')`,
        [last.hash],
      );
      expect(await verifyAuditChain(t.db)).toMatchObject({
        ok: false,
        seq: 6n,
        reason: expect.stringMatching(/forged/),
      });
    });

    it("an event appended around the triggers with a correct hash", async () => {
      const last = await lastRow();
      const forged = { ...last, seq: 6n, action: "forged", prevHash: last.hash };
      await insertForged(forged);
      expect(await verifyAuditChain(t.db)).toMatchObject({
        ok: false,
        seq: 6n,
        reason: expect.stringMatching(/audit_head/),
      });
    });

    it("a deleted event in the middle", async () => {
      await tamper("DELETE FROM audit_events WHERE seq = 2");
      expect(await verifyAuditChain(t.db)).toMatchObject({
        ok: false,
        seq: 3n,
        reason: expect.stringMatching(/deleted/),
      });
    });

    it("a deleted last event", async () => {
      await tamper("DELETE FROM audit_events WHERE seq = 5");
      expect(await verifyAuditChain(t.db)).toMatchObject({
        ok: false,
        seq: 5n,
        reason: expect.stringMatching(/deleted/),
      });
    });

    it("a truncated log", async () => {
      await tamper("TRUNCATE audit_events");
      expect(await verifyAuditChain(t.db)).toMatchObject({
        ok: false,
        seq: 5n,
        reason: expect.stringMatching(/empty/),
      });
    });
  });
});

describe("the head hash received earlier", () => {
  beforeEach(() => appendMany(5));

  /**
   * Rewrites the whole chain consistently from `fromSeq` on, as someone able to bypass the triggers could:
   * every later hash recomputed and audit_head moved, so that the chain alone verifies.
   */
  async function rewriteFrom(fromSeq: bigint) {
    const rows = await t.db.auditEvent.findMany({ orderBy: { seq: "asc" } });
    let prevHash = rows.find((r) => r.seq === fromSeq - 1n)?.hash ?? "0".repeat(64);
    const statements: { sql: string; params: unknown[] }[] = [];
    for (const row of rows.filter((r) => r.seq >= fromSeq)) {
      const forged = { ...row, prevHash, action: row.seq === fromSeq ? "case.nothing-happened" : row.action };
      const hash = computeAuditHash(forged);
      statements.push({
        sql: "UPDATE audit_events SET action = $1, prev_hash = $2, hash = $3 WHERE seq = $4",
        params: [forged.action, prevHash, hash, row.seq],
      });
      prevHash = hash;
    }
    await withClient(t.url, async (client) => {
      await client.query("SET session_replication_role = replica");
      for (const s of statements) await client.query(s.sql, s.params);
      await client.query("UPDATE audit_head SET hash = $1 WHERE id = 1", [prevHash]);
    });
  }

  it("returns the head on success and accepts a head it holds, with or without its seq", async () => {
    const third = await t.db.auditEvent.findUniqueOrThrow({ where: { seq: 3n } });
    const last = await lastRow();
    expect(await verifyAuditChain(t.db)).toEqual({
      ok: true,
      count: 5,
      head: { seq: last.seq, hash: last.hash },
    });
    for (const expectedHead of [
      { seq: 3n, hash: third.hash },
      { hash: third.hash },
      { hash: third.hash.toUpperCase() },
      { seq: last.seq, hash: last.hash },
    ]) {
      expect(await verifyAuditChain(t.db, { expectedHead })).toMatchObject({ ok: true, count: 5 });
    }
  });

  it("fails for a hash the chain never held, or held at another seq", async () => {
    const third = await t.db.auditEvent.findUniqueOrThrow({ where: { seq: 3n } });
    expect(await verifyAuditChain(t.db, { expectedHead: { seq: 4n, hash: third.hash } })).toEqual({
      ok: false,
      seq: 4n,
      count: 5,
      reason: "the head hash received earlier (seq 4) is not in the chain: the chain was rewritten",
    });
    expect(await verifyAuditChain(t.db, { expectedHead: { hash: "a".repeat(64) } })).toMatchObject({
      ok: false,
      seq: 5n,
      reason: "the head hash received earlier is not in the chain: the chain was rewritten",
    });
  });

  it("catches a consistent rewrite that the chain alone cannot", async () => {
    const received = await t.db.auditEvent.findUniqueOrThrow({ where: { seq: 4n } });
    await rewriteFrom(2n);
    // Every hash and audit_head agree again: plain verification passes.
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, count: 5 });
    expect(await verifyAuditChain(t.db, { expectedHead: { seq: 4n, hash: received.hash } })).toMatchObject({
      ok: false,
      seq: 4n,
      reason: expect.stringMatching(/rewritten/),
    });
    expect(await verifyAuditChain(t.db, { expectedHead: { hash: received.hash } })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/rewritten/),
    });
  });

  it("still reports a broken chain first", async () => {
    const last = await lastRow();
    await tamper(`UPDATE audit_events SET data = '{"n": 99}' WHERE seq = 2`);
    expect(await verifyAuditChain(t.db, { expectedHead: { hash: last.hash } })).toMatchObject({
      ok: false,
      seq: 2n,
      count: 1,
      reason: expect.stringMatching(/changed/),
    });
  });
});
