// Issue 15: the case events only the team can record ("exploit public", "attacks observed": who, when, the
// source) and when a case became public, through the admin router as people call it.
import { type Db, txQuery, verifyAuditChain } from "@disclose/db";
import { seedDemo } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { installJobQueue } from "@disclose/email";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { AppError } from "./errors";
import { adminCallerAs } from "./test-support/admin-caller";
import { submitTestReport } from "./test-support/reports";
import { sessionFor, type TestUserSession, userWithSession } from "./test-support/sessions";
import { errorOf } from "./test-support/trpc-errors";
import { listPstKeys } from "./use-cases/keys/list-pst-keys";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const received = new Date("2026-11-30T09:00:00Z");
const later = new Date(received.getTime() + 3 * DAY);

let t: TestDatabase;
let db: Db;
let pst1: TestUserSession;
let pst2: TestUserSession;
let fixer: TestUserSession;
let outsider: TestUserSession;
let distributor: TestUserSession;

const api = async (session: TestUserSession | null, caseNow: Date = later) =>
  adminCallerAs(db, session, { now: received, caseNow });

/** The refusal's code and the field it names (an AppError's detail or a schema's first issue). */
async function refusalOf(
  promise: Promise<unknown>,
): Promise<{ code: string; field: string | null; message: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  const { cause, code, message } = error as TRPCError;
  const field =
    cause instanceof AppError
      ? (cause.details.field ?? null)
      : cause instanceof ZodError
        ? String(cause.issues[0]?.path[0] ?? "")
        : null;
  const shown = cause instanceof ZodError ? (cause.issues[0]?.message ?? message) : message;
  return { code, field, message: shown };
}

async function newReport(alreadyPublic = false): Promise<string> {
  const report = await submitTestReport(db, {
    pstKeys: await listPstKeys({ db, now: received }),
    now: received,
    content: { alreadyPublic },
  });
  return report.reportId;
}

/** A report acknowledged and accepted by the PST (the rotation picks the lead), with the fixer on its Fix Team. */
async function acceptedCase(
  alreadyPublic = false,
): Promise<{ id: string; lead: TestUserSession; other: TestUserSession }> {
  const id = await newReport(alreadyPublic);
  const pst = await api(pst1, received);
  await pst.cases.decide({ reportId: id, command: { type: "acknowledge" } });
  const { fixLeadId } = await pst.cases.decide({ reportId: id, command: { type: "accept" } });
  const lead = fixLeadId === pst1.userId ? pst1 : pst2;
  await (await api(lead, received)).cases.setFixTeamMember({
    reportId: id,
    userId: fixer.userId,
    member: true,
  });
  return { id, lead, other: lead === pst1 ? pst2 : pst1 };
}

const event = (reportId: string, change: Record<string, unknown> = {}) => ({
  reportId,
  kind: "exploit-public" as const,
  occurredAt: new Date(received.getTime() + DAY),
  source: "https://exploit-db.test/12345",
  ...change,
});

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await installJobQueue(t.url);
  await seedDemo(db);
  pst1 = await sessionFor(db, "pst1@demo.disclose.test", { now: received });
  pst2 = await sessionFor(db, "pst2@demo.disclose.test", { now: received });
  fixer = await sessionFor(db, "fixer@demo.disclose.test", { now: received });
  outsider = await userWithSession(db, [], { now: received });
  distributor = await userWithSession(db, ["DISTRIBUTOR_MEMBER"], { now: received });
  const org = await db.distributorOrganization.create({ data: { name: "Some Distribution" } });
  await db.distributorMembership.create({ data: { userId: distributor.userId, organizationId: org.id } });
}, 120_000);
afterAll(() => t?.drop());

describe("recording exploitation on a case", () => {
  it("lets the Fix Lead, the Fix Team and any PST member record, and lists the events in the order they happened", async () => {
    const { id, lead, other } = await acceptedCase();
    expect((await (await api(lead)).caseEvents.list({ reportId: id })).events).toEqual([]);
    await (await api(fixer)).caseEvents.record(
      event(id, {
        kind: "attacks-observed",
        occurredAt: new Date(received.getTime() + 2 * DAY),
        source: "CERT-XY",
      }),
    );
    await (await api(lead)).caseEvents.record(event(id, { source: "  https://exploit-db.test/12345  " }));
    await (await api(other)).caseEvents.record(
      event(id, { occurredAt: new Date(received.getTime() - 10 * DAY), source: "oss-security" }),
    );
    const list = await (await api(fixer)).caseEvents.list({ reportId: id });
    expect(list.mayRecord).toBe(true);
    expect(list.refusal).toBeNull();
    const names = async (s: TestUserSession) =>
      (await db.user.findUniqueOrThrow({ where: { id: s.userId } })).name;
    expect(
      list.events.map(({ kind, kindLabel, occurredAt, source, recordedBy, recordedAt }) => ({
        kind,
        kindLabel,
        occurredAt,
        source,
        recordedBy,
        recordedAt,
      })),
    ).toEqual([
      {
        kind: "exploit-public",
        kindLabel: "Exploit public",
        occurredAt: new Date(received.getTime() - 10 * DAY),
        source: "oss-security",
        recordedBy: await names(other),
        recordedAt: later,
      },
      {
        kind: "exploit-public",
        kindLabel: "Exploit public",
        occurredAt: new Date(received.getTime() + DAY),
        source: "https://exploit-db.test/12345",
        recordedBy: await names(lead),
        recordedAt: later,
      },
      {
        kind: "attacks-observed",
        kindLabel: "Attacks observed",
        occurredAt: new Date(received.getTime() + 2 * DAY),
        source: "CERT-XY",
        recordedBy: await names(fixer),
        recordedAt: later,
      },
    ]);
  });

  it("writes an audit event with the kind, the time and the source, in the chain", async () => {
    const { id, lead } = await acceptedCase();
    const { eventId } = await (await api(lead)).caseEvents.record(event(id, { kind: "attacks-observed" }));
    const rows = await txQuery<{ actor_id: string; data: Record<string, unknown> }>(
      db,
      `SELECT actor_id, data FROM audit_events WHERE action = 'case.event_recorded' AND subject_id = $1`,
      [id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.actor_id).toBe(lead.userId);
    expect(rows[0]?.data).toEqual({
      eventId,
      kind: "attacks-observed",
      occurredAt: new Date(received.getTime() + DAY).toISOString(),
      source: "https://exploit-db.test/12345",
    });
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("takes events after release and after the case is closed (an exploit can come later)", async () => {
    const { id, lead } = await acceptedCase();
    for (const state of ["released", "closed"] as const) {
      await db.report.update({ where: { id }, data: { state } });
      await expect((await api(lead)).caseEvents.record(event(id))).resolves.toHaveProperty("eventId");
    }
    // Closing the case ends the Fix Team's role on it (the domain's rule): the lead and the PST still record.
    expect((await refusalOf((await api(fixer)).caseEvents.record(event(id)))).code).toBe("NOT_FOUND");
  });
});

describe("who may not record or read", () => {
  it.each([
    ["a distributor of an organisation never notified of the case", () => distributor],
    ["a staff member with no role who is not on the case", () => outsider],
  ])("refuses %s as if the case did not exist", async (_, who) => {
    const { id } = await acceptedCase();
    expect((await refusalOf((await api(who())).caseEvents.record(event(id)))).code).toBe("NOT_FOUND");
    expect((await refusalOf((await api(who())).caseEvents.list({ reportId: id }))).code).toBe("NOT_FOUND");
    expect(await db.caseEvent.count({ where: { caseId: id } })).toBe(0);
  });

  it("refuses without a session", async () => {
    const { id } = await acceptedCase();
    expect((await refusalOf((await api(null)).caseEvents.record(event(id)))).code).toBe("UNAUTHORIZED");
  });

  it.each([
    ["spam", [{ type: "mark-spam" }]],
    ["rejected", [{ type: "acknowledge" }, { type: "reject", reason: "Works as documented." }]],
  ] as const)("refuses a report marked %s, with the reason", async (state, commands) => {
    const id = await newReport();
    const pst = await api(pst1, received);
    for (const command of commands) await pst.cases.decide({ reportId: id, command });
    const refusal = await refusalOf((await api(pst1)).caseEvents.record(event(id)));
    expect(refusal.code).toBe("CONFLICT");
    expect(refusal.message).toMatch(/not a case/);
    const list = await (await api(pst1)).caseEvents.list({ reportId: id });
    expect(list.refusal).toMatch(new RegExp(state === "spam" ? "Spam" : "Rejected"));
  });

  it("asks to accept a report still in triage first", async () => {
    const id = await newReport();
    await (await api(pst1, received)).cases.decide({ reportId: id, command: { type: "acknowledge" } });
    const refusal = await refusalOf((await api(pst1)).caseEvents.record(event(id)));
    expect(refusal.code).toBe("CONFLICT");
    expect(refusal.message).toMatch(/Accept the report/);
  });
});

describe("hostile inputs", () => {
  let id: string;
  let lead: TestUserSession;
  beforeAll(async () => {
    ({ id, lead } = await acceptedCase());
  }, 60_000);

  it.each<[string, Record<string, unknown>, string]>([
    ["a date in the future", { occurredAt: new Date(later.getTime() + HOUR) }, "occurredAt"],
    ["a date far in the future", { occurredAt: new Date("2262-01-01T00:00:00Z") }, "occurredAt"],
    [
      "a date over a year before the report",
      { occurredAt: new Date(received.getTime() - 400 * DAY) },
      "occurredAt",
    ],
    ["an invalid date", { occurredAt: new Date(Number.NaN) }, "occurredAt"],
    ["a date as text", { occurredAt: "yesterday" }, "occurredAt"],
    ["an empty source", { source: "" }, "source"],
    ["a source of spaces", { source: "    " }, "source"],
    ["an oversized source", { source: "x".repeat(501) }, "source"],
    ["a source of 100 kB", { source: "x".repeat(100_000) }, "source"],
    ["a line break in the source", { source: "a\r\nb" }, "source"],
    ["a bidi override in the source", { source: "https://x.test/\u202Egpj.exe" }, "source"],
    ["a C1 control in the source", { source: "a\u0085b" }, "source"],
    ["a NUL in the source", { source: "a\u0000b" }, "source"],
    ["a source that is not text", { source: ["a"] }, "source"],
    ["an unknown kind", { kind: "patched" }, "kind"],
    ["a kind in other case", { kind: "EXPLOIT-PUBLIC" }, "kind"],
    ["no kind", { kind: undefined }, "kind"],
    ["an empty report id", { reportId: "" }, "reportId"],
    ["an oversized report id", { reportId: "a".repeat(65) }, "reportId"],
  ])("refuses %s with BAD_REQUEST naming the field", async (_, change, field) => {
    const before = await db.caseEvent.count({ where: { caseId: id } });
    // biome-ignore lint/suspicious/noExplicitAny: hostile input on purpose
    const refusal = await refusalOf((await api(lead)).caseEvents.record(event(id, change) as any));
    expect(refusal).toMatchObject({ code: "BAD_REQUEST", field });
    expect(await db.caseEvent.count({ where: { caseId: id } })).toBe(before);
  });

  it.each([
    ["an id that is not a uuid", "not-a-uuid"],
    ["a uuid of no report", "00000000-0000-4000-8000-000000000000"],
    ["an SQL-looking id", "1' OR '1'='1"],
  ])("answers %s like a case the caller may not see (no 500)", async (_, reportId) => {
    const refusal = await errorOf((await api(lead)).caseEvents.record(event(reportId)));
    expect(refusal.code).toBe("NOT_FOUND");
    expect((await errorOf((await api(lead)).caseEvents.list({ reportId }))).code).toBe("NOT_FOUND");
  });

  it("accepts the bounds themselves: 500 characters, and now", async () => {
    await expect(
      (await api(lead)).caseEvents.record(event(id, { source: "y".repeat(500), occurredAt: later })),
    ).resolves.toHaveProperty("eventId");
  });
});

describe("when a case became public", () => {
  it("is set when 'Already public' turns yes, and kept when it is set back to no", async () => {
    const { id, lead } = await acceptedCase();
    expect((await db.case.findUniqueOrThrow({ where: { id } })).publicSince).toBeNull();
    const first = new Date(received.getTime() + 5 * HOUR);
    const set = async (value: boolean, at: Date) =>
      (await api(lead, at)).caseWorkflow.recordFact({
        reportId: id,
        change: { fact: "alreadyPublic", value, reason: "A post on a public list." },
      });
    await set(true, first);
    expect((await db.case.findUniqueOrThrow({ where: { id } })).publicSince).toEqual(first);
    await set(false, new Date(first.getTime() + HOUR));
    expect((await db.case.findUniqueOrThrow({ where: { id } })).publicSince).toEqual(first);
    await set(true, new Date(first.getTime() + 2 * HOUR));
    expect((await db.case.findUniqueOrThrow({ where: { id } })).publicSince).toEqual(first);
  });

  it("is not set by another fact", async () => {
    const { id, lead } = await acceptedCase();
    await (await api(lead)).caseWorkflow.recordFact({
      reportId: id,
      change: { fact: "remotelyExploitable", value: true, reason: "Over the network." },
    });
    expect((await db.case.findUniqueOrThrow({ where: { id } })).publicSince).toBeNull();
  });

  it("is the report's arrival when the case opens from a report that was already public", async () => {
    const id = await newReport(true);
    const pst = await api(pst1, new Date(received.getTime() + 2 * HOUR));
    await pst.cases.decide({ reportId: id, command: { type: "acknowledge" } });
    await pst.cases.decide({ reportId: id, command: { type: "accept" } });
    const kase = await db.case.findUniqueOrThrow({ where: { id } });
    expect(kase.alreadyPublic).toBe(true);
    expect(kase.publicSince).toEqual(received);
  });
});
