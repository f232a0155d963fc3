// The audit log you can trust (issue 15): the global view with its filters, the verification status, "Verify
// now", and the PST emailed once per break when a row is tampered with by the database's owner role.
import { appendAuditEvent, createDb, type Db } from "@disclose/db";
import { seedDemo } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { installJobQueue } from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKGROUND_CRONTAB } from "./background-worker";
import { createContext } from "./context";
import { createAdminCaller } from "./root";
import { type TestUserSession, userWithSession } from "./test-support/sessions";
import { errorOf } from "./test-support/trpc-errors";
import { sendDueReminders } from "./use-cases/alerts/send-due-reminders";
import {
  AUDIT_VERIFICATION_CRONTAB,
  createAuditVerificationTask,
} from "./use-cases/audit/audit-verification-task";
import { AUDIT_PAGE_SIZE } from "./use-cases/audit/list-audit-events";
import { runAuditVerification } from "./use-cases/audit/verify-audit-chain";

const ADMIN_URL = "http://localhost:3001";
const T0 = new Date("2026-12-01T12:00:00Z");
const SUBJECT = "[Disclose] The audit log failed verification";

let t: TestDatabase;
let db: Db;
let pst: TestUserSession;
let pst2: TestUserSession;
let admin: TestUserSession;
let engineer: TestUserSession;

const caller = async (session: TestUserSession, now = T0) =>
  createAdminCaller(
    await createContext({
      app: "admin",
      appUrl: ADMIN_URL,
      db,
      now,
      headers: new Headers({ cookie: session.cookie, origin: ADMIN_URL }),
    }),
  );

/**
 * Runs SQL as the tables' owner with the log's triggers off, as an intruder holding the owner's credentials could
 * (the app role cannot). In one transaction: nobody else ever sees the triggers off.
 */
async function asOwnerAroundTriggers(sql: string, params: unknown[]) {
  const owner = createDb(t.ownerUrl);
  try {
    await owner.$transaction([
      owner.$executeRawUnsafe("ALTER TABLE audit_events DISABLE TRIGGER USER"),
      owner.$executeRawUnsafe(sql, ...params),
      owner.$executeRawUnsafe("ALTER TABLE audit_events ENABLE TRIGGER USER"),
    ]);
  } finally {
    await owner.$disconnect();
  }
}

const alerts = () =>
  db.outboxMessage.findMany({ where: { subject: SUBJECT }, orderBy: { toAddress: "asc" } });

async function append(n: number, overrides: Partial<Parameters<typeof appendAuditEvent>[1]> = {}) {
  for (let i = 0; i < n; i++) {
    await db.$transaction((tx) =>
      appendAuditEvent(tx, {
        actorKind: "system",
        action: "test.filler",
        subjectType: "test",
        subjectId: `filler-${i}`,
        ...overrides,
      }),
    );
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await installJobQueue(t.url);
  await seedDemo(db);
  pst = await userWithSession(db, ["PST_MEMBER"], { now: T0 });
  pst2 = await userWithSession(db, ["PST_MEMBER"], { now: T0 });
  admin = await userWithSession(db, ["ADMIN"], { now: T0 });
  engineer = await userWithSession(db, [], { now: T0 });
  // A former PST member is not emailed.
  await userWithSession(db, ["PST_MEMBER"], { now: T0, active: false });
  await append(1, {
    actorKind: "user",
    actorId: pst.userId,
    action: "case.accept",
    subjectType: "report",
    subjectId: "r-1",
    occurredAt: new Date("2026-11-20T10:00:00Z"),
    data: { summary: "Accept: Triage → Accepted" },
  });
  await append(1, {
    actorKind: "reporter",
    action: "report.message_posted",
    subjectType: "report",
    subjectId: "r-2",
    occurredAt: new Date("2026-11-21T23:59:59.999Z"),
  });
  await append(1, {
    actorKind: "user",
    actorId: admin.userId,
    action: "settings.updated",
    subjectType: "settings",
    subjectId: null,
    occurredAt: new Date("2026-11-22T00:00:00Z"),
  });
}, 120_000);
afterAll(() => t?.drop());

describe("the global audit log", () => {
  it("lists every event newest first, with labels and no content, for the PST and admins", async () => {
    for (const session of [pst, admin]) {
      const page = await (await caller(session)).audit.events({});
      expect(page.events[0]).toMatchObject({
        action: "settings.updated",
        label: "Settings changed",
        kind: "change",
        actor: { kind: "user", id: admin.userId, name: expect.stringMatching(/^User /) },
        subject: { type: "settings", id: null },
      });
      expect(page.events[1]).toMatchObject({
        label: "Message in the reporter thread",
        actor: { kind: "reporter", id: null, name: "The reporter" },
      });
      expect(page.events[2]).toMatchObject({ label: "State changed", action: "case.accept" });
      const seqs = page.events.map((e) => BigInt(e.seq));
      expect([...seqs].sort((a, b) => (a > b ? -1 : 1))).toEqual(seqs);
      expect(page.people.map((p) => p.id)).toEqual(expect.arrayContaining([pst.userId, admin.userId]));
      expect(page.knownActions).toEqual(
        expect.arrayContaining([{ action: "report.read", label: "Read the report" }]),
      );
    }
  });

  it("shows the PST a case's id and words, an admin outside the PST neither, nor finds a case by its id", async () => {
    const forPst = await (await caller(pst)).audit.events({ action: "case.accept" });
    expect(forPst.events[0]).toMatchObject({
      details: "Accept: Triage → Accepted",
      subject: { type: "report", id: "r-1" },
    });
    const forAdmin = await (await caller(admin)).audit.events({ action: "case.accept" });
    expect(forAdmin.events[0]).toMatchObject({
      label: "State changed",
      details: null,
      subject: { type: "report", id: null },
    });
    expect(JSON.stringify(forAdmin)).not.toContain("r-1");
    expect((await (await caller(admin)).audit.events({ subjectId: "r-1" })).events).toEqual([]);
    expect((await (await caller(pst)).audit.events({ subjectId: "r-1" })).events).toHaveLength(1);
  });

  it("filters by person, action (exact or prefix), subject and period (UTC days, both included)", async () => {
    const c = await caller(pst);
    const labels = async (query: Parameters<typeof c.audit.events>[0]) =>
      (await c.audit.events(query)).events.map((e) => e.action);
    expect(await labels({ person: pst.userId })).toEqual(["case.accept"]);
    expect(await labels({ person: "reporter" })).toEqual(["report.message_posted"]);
    expect(await labels({ action: "settings.updated" })).toEqual(["settings.updated"]);
    expect(await labels({ action: "report.", subjectType: "report" })).toEqual(["report.message_posted"]);
    expect(await labels({ subjectType: "report", subjectId: "r-1" })).toEqual(["case.accept"]);
    expect(await labels({ from: "2026-11-20", to: "2026-11-21" })).toEqual([
      "report.message_posted",
      "case.accept",
    ]);
    expect(await labels({ from: "2026-11-22", to: "2026-11-22" })).toEqual(["settings.updated"]);
    // Empty fields (a GET form's) mean "not filtered".
    expect(
      (await c.audit.events({ person: "", action: " ", from: "", to: "" })).events.length,
    ).toBeGreaterThan(3);
    expect(await labels({ person: "system", action: "case." })).toEqual([]);
  });

  it("pages back by seq", async () => {
    await append(AUDIT_PAGE_SIZE + 5);
    const c = await caller(pst);
    const first = await c.audit.events({ action: "test.filler" });
    expect(first.events).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.hasMore).toBe(true);
    const next = await c.audit.events({ action: "test.filler", before: first.events.at(-1)?.seq });
    expect(next.events).toHaveLength(5);
    expect(next.hasMore).toBe(false);
    expect(BigInt(next.events[0]!.seq)).toBeLessThan(BigInt(first.events.at(-1)!.seq));
  });

  it.each([
    [{ person: "x'; DROP TABLE audit_events; --" }, "person"],
    [{ person: "a".repeat(65) }, "person"],
    [{ person: "<script>" }, "person"],
    [{ action: "Case.Accept" }, "action"],
    [{ action: "case..accept" }, "action"],
    [{ action: "%" }, "action"],
    [{ action: "case.%" }, "action"],
    [{ action: "a".repeat(101) }, "action"],
    [{ subjectType: "report' OR 1=1" }, "subjectType"],
    [{ subjectType: "x".repeat(41) }, "subjectType"],
    [{ subjectId: "a b" }, "subjectId"],
    [{ subjectId: "x".repeat(101) }, "subjectId"],
    [{ subjectId: "\u202e" }, "subjectId"],
    [{ from: "yesterday" }, "from"],
    [{ from: "2026-02-30" }, "from"],
    [{ from: "2026-13-01" }, "from"],
    [{ from: "+275760-09-13" }, "from"],
    [{ to: "2026-1-1" }, "to"],
    [{ from: "2026-12-02", to: "2026-12-01" }, "to"],
    [{ before: "-1" }, "before"],
    [{ before: "0" }, "before"],
    [{ before: "1e9" }, "before"],
    [{ before: "99999999999999999999" }, "before"],
    [{ before: "9223372036854775808" }, "before"],
  ])("refuses %j as BAD_INPUT naming %s", async (query, field) => {
    const error = await (await caller(pst)).audit.events(query).then(
      () => null,
      (e: unknown) => e as { code: string; cause?: { code?: string; details?: { field?: string } } },
    );
    expect(error).toMatchObject({ code: "BAD_REQUEST", cause: { code: "BAD_INPUT", details: { field } } });
  });

  it("refuses a NUL character with a 400, never a 500", async () => {
    const error = await errorOf((await caller(pst)).audit.events({ subjectId: "a\u0000b" }));
    expect(error).toMatchObject({ code: "BAD_REQUEST", appCode: "BAD_INPUT" });
  });

  it("answers anyone else FORBIDDEN before looking at the filters", async () => {
    for (const query of [{}, { from: "not a date" }]) {
      expect(await errorOf((await caller(engineer)).audit.events(query))).toMatchObject({
        code: "FORBIDDEN",
        appCode: "FORBIDDEN",
      });
    }
    expect(await errorOf((await caller(engineer)).audit.status())).toMatchObject({ appCode: "FORBIDDEN" });
    expect(await errorOf((await caller(engineer)).audit.verify())).toMatchObject({ appCode: "FORBIDDEN" });
  });
});

describe("verification and the PST's alert", () => {
  it("is an hourly task of the background worker, on a crontab line of its own", () => {
    expect(AUDIT_VERIFICATION_CRONTAB).toBe("7 * * * * verify-audit-chain");
    expect(BACKGROUND_CRONTAB.split("\n")).toContain(AUDIT_VERIFICATION_CRONTAB);
  });

  it("starts with no verification, then verifies on request and shows the head", async () => {
    const before = await (await caller(pst)).audit.status();
    const head = await db.auditHead.findUniqueOrThrow({ where: { id: 1 } });
    expect(before).toEqual({
      latest: null,
      head: { seq: head.seq.toString(), hash: head.hash },
      canVerify: true,
    });
    const verified = await (await caller(admin, new Date(T0.getTime() + 1000))).audit.verify();
    const count = await db.auditEvent.count();
    expect(verified).toMatchObject({
      ok: true,
      events: count,
      failedSeq: null,
      headSeq: head.seq.toString(),
      headHash: head.hash,
      trigger: "manual",
      checkedBy: expect.stringMatching(/^User /),
      alerted: false,
    });
    expect((await (await caller(pst)).audit.status()).latest).toEqual(verified);
    const row = await db.auditVerification.findUniqueOrThrow({ where: { id: verified.id } });
    expect(row.checkedById).toBe(admin.userId);
    expect(await alerts()).toEqual([]);
  });

  it("emails every active PST member once when a row is tampered with as the owner, not again for the same break", async () => {
    const victim = await db.auditEvent.findFirstOrThrow({ where: { action: "case.accept" } });
    await asOwnerAroundTriggers(
      `UPDATE audit_events SET data = '{"summary": "nothing happened"}' WHERE seq = $1`,
      [victim.seq],
    );
    const runs: { emailed: number; ok: boolean }[] = [];
    const task = createAuditVerificationTask({
      db,
      now: () => new Date(T0.getTime() + 600_000 * (runs.length + 1)),
      adminUrl: ADMIN_URL,
      onRun: (run) => runs.push({ emailed: run.emailed, ok: run.verification.ok }),
    });
    const logger = { info: () => {}, error: () => {} };
    await task({}, { logger });
    const pstEmails = (
      await db.user.findMany({
        where: { active: true, roles: { some: { role: "PST_MEMBER" } } },
        select: { email: true },
      })
    )
      .map((u) => u.email)
      .sort();
    expect(pstEmails).toEqual(expect.arrayContaining([pst.email, pst2.email]));
    const sent = await alerts();
    expect(sent.map((m) => m.toAddress)).toEqual(pstEmails);
    expect(sent[0]?.textBody).toContain(`First event that does not verify: #${victim.seq}`);
    expect(sent[0]?.textBody).toMatch(/Reason: hash does not match/);
    expect(sent[0]?.textBody).toContain(`${ADMIN_URL}/audit`);
    expect(sent[0]?.textBody).not.toContain("nothing happened");
    expect(runs).toEqual([{ emailed: pstEmails.length, ok: false }]);

    const status = await (await caller(pst)).audit.status();
    expect(status.latest).toMatchObject({
      ok: false,
      failedSeq: victim.seq.toString(),
      reason: expect.stringMatching(/changed or forged/),
      trigger: "scheduled",
      alerted: true,
      headSeq: null,
    });

    // The next hour, and a person's "Verify now": the same break, no second email.
    await task({}, { logger });
    const manual = await (await caller(pst, new Date(T0.getTime() + 30 * 60_000))).audit.verify();
    expect(manual).toMatchObject({ ok: false, failedSeq: victim.seq.toString(), alerted: false });
    expect(runs.at(-1)).toEqual({ emailed: 0, ok: false });
    expect(await alerts()).toHaveLength(pstEmails.length);
    expect(await db.auditVerification.count({ where: { alertedAt: { not: null } } })).toBe(1);
  });

  it("emails again once the chain was whole in between, and for another break", async () => {
    const victim = await db.auditEvent.findFirstOrThrow({ where: { action: "case.accept" } });
    const original = JSON.stringify({ summary: "Accept: Triage → Accepted" });
    await asOwnerAroundTriggers("UPDATE audit_events SET data = $1::jsonb WHERE seq = $2", [
      original,
      victim.seq,
    ]);
    const at = (tens: number) => new Date(T0.getTime() + tens * 600_000);
    const whole = await runAuditVerification({ db, trigger: "scheduled", now: at(5), adminUrl: ADMIN_URL });
    expect(whole).toMatchObject({ emailed: 0, verification: { ok: true } });
    const before = (await alerts()).length;

    // A head hash no digest ever carried: the command reports a rewritten chain, and that break is emailed once.
    const head = { seq: 1n, hash: "e".repeat(64) };
    const rewritten = await runAuditVerification({
      db,
      trigger: "command",
      now: at(6),
      expectedHead: head,
      adminUrl: ADMIN_URL,
    });
    expect(rewritten).toMatchObject({
      verification: {
        ok: false,
        failedSeq: "1",
        reason: "the head hash received earlier (seq 1) is not in the chain: the chain was rewritten",
        trigger: "command",
        alerted: true,
      },
    });
    expect(rewritten.emailed).toBeGreaterThan(0);
    expect(await alerts()).toHaveLength(before + rewritten.emailed);
    const again = await runAuditVerification({
      db,
      trigger: "command",
      now: at(7),
      expectedHead: head,
      adminUrl: ADMIN_URL,
    });
    expect(again.emailed).toBe(0);
    expect(await alerts()).toHaveLength(before + rewritten.emailed);
  });
});

describe("the head in the PST's daily digest", () => {
  it("goes to every available PST member every UTC day, nothing due or not, with the current head", async () => {
    const digestsOn = (day: string) =>
      db.outboxMessage.findMany({ where: { subject: { startsWith: `Disclose daily digest for ${day}` } } });
    const head = await db.auditHead.findUniqueOrThrow({ where: { id: 1 } });
    const now = new Date("2026-12-03T08:00:00Z");
    await sendDueReminders({ db, now, adminUrl: ADMIN_URL });
    const digests = await digestsOn("2026-12-03");
    const pstEmails = (
      await db.user.findMany({
        where: { active: true, unavailableUntil: null, roles: { some: { role: "PST_MEMBER" } } },
        select: { email: true },
      })
    ).map((u) => u.email);
    expect(digests.map((d) => d.toAddress).sort()).toEqual(expect.arrayContaining([pst.email, pst2.email]));
    for (const digest of digests.filter((d) => pstEmails.includes(d.toAddress))) {
      expect(digest.textBody).toContain(
        `Audit log head: #${head.seq} ${head.hash} — keep this email; \`pnpm audit:verify --head ${head.seq}:${head.hash}\` later proves the log was not rewritten.`,
      );
    }
    expect(digests.some((d) => d.toAddress === engineer.email)).toBe(false);
    // Once a day.
    await sendDueReminders({ db, now: new Date("2026-12-03T09:00:00Z"), adminUrl: ADMIN_URL });
    expect(await digestsOn("2026-12-03")).toHaveLength(digests.length);
  });
});
