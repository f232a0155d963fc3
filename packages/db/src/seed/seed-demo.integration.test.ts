import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../audit/audit-chain";
import { createTestDatabase, type TestDatabase } from "../testing";
import { DEMO_USERS, seedDemo } from "./seed-demo";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe("seedDemo", () => {
  it("creates the marked demo users with their roles and audits it, once", async () => {
    const results = await Promise.all([seedDemo(t.db), seedDemo(t.db)]);
    expect(results.map((r) => r.seeded).sort()).toEqual([false, true]);
    expect(await seedDemo(t.db)).toEqual({ seeded: false });

    const users = await t.db.user.findMany({ include: { roles: true }, orderBy: { email: "asc" } });
    expect(users).toHaveLength(DEMO_USERS.length);
    expect(users.every((u) => u.isDemo && u.email.endsWith("@demo.disclose.test"))).toBe(true);
    const admin = users.find((u) => u.email === "admin@demo.disclose.test");
    expect(admin).toMatchObject({ name: "Demo Admin", roles: [expect.objectContaining({ role: "ADMIN" })] });
    expect(users.filter((u) => u.roles.some((r) => r.role === "PST_MEMBER"))).toHaveLength(2);

    expect(await t.db.auditEvent.count({ where: { action: "demo.seeded" } })).toBe(1);
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, count: 1 });
  });
});
