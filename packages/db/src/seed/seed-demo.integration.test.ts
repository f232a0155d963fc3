import { decryptWithLockedKey, encryptText } from "@disclose/crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../audit/audit-chain";
import { createTestDatabase, type TestDatabase } from "../testing";
import { DEMO_PGP_PASSPHRASE, DEMO_USERS, getDemoPrivateKeys, seedDemo } from "./seed-demo";

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
    // demo.seeded plus one pgp_key.created per PST member.
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, count: 3 });
  });

  it("gives each demo PST member a current key that decrypts with the demo passphrase", async () => {
    const keys = await getDemoPrivateKeys(t.db);
    expect(keys.map((k) => k.email)).toEqual(["pst1@demo.disclose.test", "pst2@demo.disclose.test"]);
    const publicKeys = await t.db.pgpKey.findMany({ where: { retiredAt: null } });
    const message = await encryptText(
      "for the demo PST",
      publicKeys.map((k) => k.armoredPublicKey),
    );
    for (const key of keys) {
      expect(key.fingerprint).toMatch(/^[0-9A-F]{40}$/);
      expect(
        await decryptWithLockedKey({
          ciphertext: message,
          lockedPrivateKey: key.lockedPrivateKey,
          passphrase: DEMO_PGP_PASSPHRASE,
        }),
      ).toBe("for the demo PST");
    }
  });

  it("adds keys to a database seeded before keys existed, once", async () => {
    await t.db.pgpKey.updateMany({ data: { retiredAt: new Date() } });
    expect(await seedDemo(t.db)).toEqual({ seeded: true });
    expect(await seedDemo(t.db)).toEqual({ seeded: false });
    expect(await t.db.pgpKey.count({ where: { retiredAt: null } })).toBe(2);
  });
});
