// `pnpm audit:verify` run as operators run it: against DATABASE_URL (the app role), printing the count and the
// head, recording the run, and with --head catching a chain rewritten whole (which the chain alone cannot show).
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { appendAuditEvent, type Db } from "@disclose/db";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { installJobQueue } from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { userWithSession } from "../test-support/sessions";

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL("../..", import.meta.url));

let t: TestDatabase;
let db: Db;

async function verify(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ["--import", "tsx", "src/cli/verify-audit.ts", ...args],
      {
        cwd: packageDir,
        env: { NODE_ENV: "test", PATH: process.env.PATH ?? "", DATABASE_URL: t.appUrl },
      },
    );
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout, err: failed.stderr };
  }
}

/** sha256(prevHash + canonical JSON), as the chain computes it: the forger knows the scheme (it is open source). */
function rehash(row: {
  seq: bigint;
  occurredAt: Date;
  actorId: string | null;
  actorKind: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  data: unknown;
  prevHash: string;
}): string {
  const canonical = (v: unknown): string =>
    v === null || typeof v !== "object"
      ? JSON.stringify(v)
      : Array.isArray(v)
        ? `[${v.map(canonical).join(",")}]`
        : `{${Object.keys(v as object)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
            .join(",")}}`;
  const content = canonical({
    seq: row.seq.toString(),
    occurredAt: row.occurredAt.toISOString(),
    actorId: row.actorId,
    actorKind: row.actorKind,
    action: row.action,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    data: row.data,
  });
  return createHash("sha256").update(row.prevHash).update(content).digest("hex");
}

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await installJobQueue(t.url);
  await userWithSession(db, ["PST_MEMBER"]);
  for (let n = 1; n <= 4; n++) {
    await db.$transaction((tx) =>
      appendAuditEvent(tx, { actorKind: "system", action: "test.event", subjectType: "test", data: { n } }),
    );
  }
}, 120_000);
afterAll(() => t?.drop());

describe("pnpm audit:verify", () => {
  it("prints OK, the count and the head, exits 0 and records the run", async () => {
    const head = await db.auditHead.findUniqueOrThrow({ where: { id: 1 } });
    const result = await verify();
    expect(result.code).toBe(0);
    expect(result.out).toContain("OK: the audit log verifies: 4 event(s).");
    expect(result.out).toContain(`Head: #${head.seq} ${head.hash}`);
    expect(await db.auditVerification.findMany()).toEqual([
      expect.objectContaining({
        ok: true,
        events: 4,
        trigger: "command",
        headSeq: head.seq,
        headHash: head.hash,
      }),
    ]);
    const withHead = await verify("--head", `${head.seq}:${head.hash}`);
    expect(withHead.code).toBe(0);
    expect(withHead.out).toContain(`The head received earlier (#${head.seq}) is in the chain`);
  }, 60_000);

  it.each([
    [["--head"], /--head needs a value/],
    [["--head", "12:nothex"], /is not a head hash/],
    [["--frobnicate"], /Unknown argument/],
  ])(
    "refuses %j with exit 2, a message and the usage, recording nothing",
    async (args, message) => {
      const before = await db.auditVerification.count();
      const result = await verify(...args);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(message);
      expect(result.err).toContain("Usage: pnpm audit:verify");
      expect(await db.auditVerification.count()).toBe(before);
    },
    60_000,
  );

  it("catches a chain rewritten whole around the triggers only with --head, exits 1 and emails the PST", async () => {
    const received = await db.auditEvent.findUniqueOrThrow({ where: { seq: 3n } });
    // A superuser switches the triggers off, changes event 2 and recomputes every later hash and audit_head.
    await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL session_replication_role = replica");
      const rows = await tx.auditEvent.findMany({ orderBy: { seq: "asc" } });
      let prevHash = rows[0]!.hash;
      for (const row of rows.slice(1)) {
        const forged = { ...row, prevHash, data: row.seq === 2n ? { n: 2, rewritten: true } : row.data };
        const hash = rehash(forged);
        await tx.$executeRawUnsafe(
          "UPDATE audit_events SET data = $1::jsonb, prev_hash = $2, hash = $3 WHERE seq = $4",
          JSON.stringify(forged.data),
          prevHash,
          hash,
          row.seq,
        );
        prevHash = hash;
      }
      await tx.$executeRawUnsafe("UPDATE audit_head SET hash = $1 WHERE id = 1", prevHash);
    });
    const plain = await verify();
    expect(plain.code).toBe(0);
    expect(plain.out).toContain("OK: the audit log verifies: 4 event(s).");

    const caught = await verify("--head", `${received.seq}:${received.hash}`);
    expect(caught.code).toBe(1);
    expect(caught.err).toContain(`FAILED: the audit log does not verify at event #${received.seq}.`);
    expect(caught.err).toContain(
      `Reason: the head hash received earlier (seq ${received.seq}) is not in the chain: the chain was rewritten`,
    );
    expect(caught.err).toContain("The PST was emailed (1 member(s)).");
    expect(
      await db.outboxMessage.count({ where: { subject: "[Disclose] The audit log failed verification" } }),
    ).toBe(1);
    // The hash alone (no seq) is caught the same way; the same break is not emailed twice.
    const hashOnly = await verify("--head", received.hash);
    expect(hashOnly.code).toBe(1);
    expect(hashOnly.err).toContain(
      "the head hash received earlier is not in the chain: the chain was rewritten",
    );
    expect(
      await db.auditVerification.findFirst({
        orderBy: { checkedAt: "desc" },
        select: { ok: true, trigger: true },
      }),
    ).toEqual({ ok: false, trigger: "command" });
  }, 90_000);
});
