import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendAuditEvent, verifyAuditChain } from "./audit/audit-chain";
import { sqlQuery, txQuery, withSqlTransaction } from "./client";
import { createTestDatabase, type TestDatabase } from "./testing";

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(() => t.drop());

const countEvents = async () =>
  Number((await sqlQuery<{ n: string }>(t.db, "SELECT count(*)::text AS n FROM audit_events"))[0]?.n);

describe("plain-SQL transactions", () => {
  it("commit what the callback wrote, in the same audit chain as Prisma transactions", async () => {
    await t.db.$transaction((tx) =>
      appendAuditEvent(tx, { actorKind: "system", action: "a", subjectType: "x" }),
    );
    const result = await withSqlTransaction(t.db, async (sql) => {
      await appendAuditEvent(sql, { actorKind: "system", action: "b", subjectType: "x", data: { n: 1 } });
      return "done";
    });
    await t.db.$transaction((tx) =>
      appendAuditEvent(tx, { actorKind: "system", action: "c", subjectType: "x" }),
    );
    expect(result).toBe("done");
    expect(await countEvents()).toBe(3);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, count: 3 });
  });

  it("roll back everything when the callback throws, and leave the pool usable", async () => {
    await expect(
      withSqlTransaction(t.db, async (sql) => {
        await appendAuditEvent(sql, { actorKind: "system", action: "lost", subjectType: "x" });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await expect(withSqlTransaction(t.db, (sql) => txQuery(sql, "SELECT 1/0"))).rejects.toThrow(
      /division by zero/,
    );
    expect(await countEvents()).toBe(0);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, count: 0 });
    // Every connection went back to the pool clean: a new transaction sees no leftover state.
    const rows = await Promise.all(
      Array.from({ length: 12 }, () =>
        withSqlTransaction(t.db, (sql) => txQuery<{ n: number }>(sql, "SELECT 1 AS n")),
      ),
    );
    expect(rows.flat()).toHaveLength(12);
  });

  it("run one query in either kind of transaction with the same placeholders", async () => {
    const text = "SELECT $1::int + $2::int AS sum";
    expect(await t.db.$transaction((tx) => txQuery<{ sum: number }>(tx, text, [2, 3]))).toEqual([{ sum: 5 }]);
    expect(await withSqlTransaction(t.db, (sql) => txQuery<{ sum: number }>(sql, text, [2, 3]))).toEqual([
      { sum: 5 },
    ]);
  });
});
