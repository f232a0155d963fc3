// Issue 11, retention: a reporter's personal data (the address for updates, the emails sent to them) is erased a
// set number of days after their case closes, or at once when they ask from the tracking page; the case, its
// ciphertext and the audit chain stay intact, and the audit log never holds an email address.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { encryptText } from "@disclose/crypto";
import { createDb, type Db, verifyAuditChain } from "@disclose/db";
import { seedDemo } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { DAY_MS, findEmailAddresses } from "@disclose/domain";
import { enqueueEmail, installJobQueue } from "@disclose/email";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "./context";
import { PEER_HEADER } from "./http/peer";
import { createAdminCaller, createPortalCaller } from "./root";
import { submitTestReport } from "./test-support/reports";
import { sessionFor } from "./test-support/sessions";
import { errorOf } from "./test-support/trpc-errors";
import { listPstKeys, type TPstKeyWithOwner } from "./use-cases/keys/list-pst-keys";
import { eraseAnsweredStrangers } from "./use-cases/retention/erase-answered-strangers";
import { eraseExpiredPersonalData } from "./use-cases/retention/erase-expired-personal-data";
import { ERASED_BEFORE_DELIVERY, ERASED_TEXT } from "./use-cases/retention/erase-personal-data";
import { createRetentionTask } from "./use-cases/retention/retention-task";

const PORTAL_URL = "http://localhost:3000";
const ADMIN_URL = "http://localhost:3001";
const now = new Date("2026-11-30T12:00:00.000Z");
const later = (days: number, ms = 0) => new Date(now.getTime() + days * DAY_MS + ms);

let t: TestDatabase;
/** The superuser: sets up rows and inspects. */
let db: Db;
/** The apps' and the worker's role: what retention really runs as. */
let app: Db;
let pstKeys: TPstKeyWithOwner[];

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await installJobQueue(t.url);
  await seedDemo(db);
  app = createDb(t.appUrl);
  pstKeys = await listPstKeys({ db, now });
}, 120_000);
afterAll(async () => {
  await app?.$disconnect();
  await t?.drop();
});

const email = () => `reporter-${randomBytes(4).toString("hex")}@example.test`;

async function portal(at = now) {
  return createPortalCaller(
    await createContext({
      app: "portal",
      appUrl: PORTAL_URL,
      db: app,
      now: at,
      // A distinct client per call, so the per-client tracking limit never decides a test.
      headers: new Headers({
        origin: PORTAL_URL,
        [PEER_HEADER]: `10.11.${randomBytes(1)[0]}.${randomBytes(1)[0]}`,
      }),
    }),
  );
}

async function admin(address: string, at = now) {
  const { cookie } = await sessionFor(db, address, { now: at });
  return createAdminCaller(
    await createContext({
      app: "admin",
      appUrl: ADMIN_URL,
      db: app,
      now: at,
      headers: new Headers({ cookie, origin: ADMIN_URL }),
    }),
  );
}

/**
 * A report with an address for updates, an attachment, a team reply, the "received" email and a tracking link
 * mailed to a second address, both delivered (as the worker leaves them).
 */
async function reportWithMail(options: { notifyEmail?: string; deliver?: boolean } = {}) {
  const notifyEmail = options.notifyEmail ?? email();
  const linkEmail = email();
  const report = await submitTestReport(app, {
    pstKeys,
    now,
    notifyEmail,
    attachments: [{ name: "poc.txt", type: "text/plain", data: new TextEncoder().encode("proof") }],
  });
  const p = await portal();
  await p.tracking.emailLink({
    token: report.trackingToken,
    email: linkEmail,
    link: `${PORTAL_URL}/track/${report.trackingToken}#${report.reporter.keySecret}`,
  });
  if (options.deliver ?? true) await deliverAll();
  return { ...report, notifyEmail, linkEmail };
}

/** What the worker does on delivery (deliverOutboxMessage's placeholder), for every waiting message. */
async function deliverAll() {
  await db.outboxMessage.updateMany({
    where: { status: "PENDING" },
    data: { status: "SENT", sentAt: now, textBody: "(removed after delivery)", htmlBody: null },
  });
}

/** Everything that makes up the case: must not change by one byte when personal data is erased. */
async function caseSnapshot(reportId: string) {
  const report = await db.report.findUniqueOrThrow({
    where: { id: reportId },
    include: {
      attachments: { orderBy: { position: "asc" } },
      messages: { orderBy: { id: "asc" } },
      keyPackets: { orderBy: [{ itemId: "asc" }, { fingerprint: "asc" }] },
    },
  });
  const { notifyEmail: _n, personalDataErasedAt: _e, ...kept } = report;
  return {
    ...kept,
    attachments: report.attachments.map((a) => ({
      ...a,
      ciphertext: Buffer.from(a.ciphertext).toString("hex"),
    })),
    keyPackets: report.keyPackets.map((k) => ({ ...k, packets: Buffer.from(k.packets).toString("hex") })),
  };
}

const close = (reportId: string, state = "closed", closedAt: Date | null = now) =>
  db.report.update({ where: { id: reportId }, data: { state, closedAt } });

const mailsOf = (...addresses: string[]) =>
  db.outboxMessage.findMany({ where: { toAddress: { in: addresses } } });

const erasureEvents = (reportId: string) =>
  db.auditEvent.findMany({ where: { subjectId: reportId, action: "report.personal_data_erased" } });

describe("retention", () => {
  it("erases a closed case's personal data from the boundary on, and nothing of the case itself", async () => {
    const report = await reportWithMail();
    await close(report.reportId);
    const before = await caseSnapshot(report.reportId);
    const mails = await mailsOf(report.notifyEmail, report.linkEmail);
    expect(mails).toHaveLength(2);

    // One millisecond before the 90 days are up: nothing.
    const early = await eraseExpiredPersonalData({ db: app, now: later(90, -1) });
    expect(early).toMatchObject({ retentionDays: 90, reports: 0 });
    expect((await db.report.findUniqueOrThrow({ where: { id: report.reportId } })).notifyEmail).toBe(
      report.notifyEmail,
    );

    const run = await eraseExpiredPersonalData({ db: app, now: later(90) });
    expect(run).toMatchObject({ reports: 1, notifyEmails: 1, outboxMessages: 2 });
    const after = await db.report.findUniqueOrThrow({ where: { id: report.reportId } });
    expect(after.notifyEmail).toBeNull();
    expect(after.personalDataErasedAt).toEqual(later(90));
    expect(await caseSnapshot(report.reportId)).toEqual(before);

    // The outbox rows stay as a record that mail went out, with nothing about the person in them.
    const scrubbed = await db.outboxMessage.findMany({ where: { id: { in: mails.map((m) => m.id) } } });
    for (const m of scrubbed) {
      expect(m).toMatchObject({
        toAddress: "",
        subject: ERASED_TEXT,
        textBody: ERASED_TEXT,
        htmlBody: null,
        status: "SENT",
      });
    }
    expect(await db.reportOutboxMessage.count({ where: { reportId: report.reportId } })).toBe(0);

    const [event, ...more] = await erasureEvents(report.reportId);
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      actorKind: "system",
      subjectType: "report",
      data: { reason: "retention", notifyEmail: true, outboxMessages: 2 },
    });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });

    // Idempotent: a second run finds nothing and writes nothing.
    expect(await eraseExpiredPersonalData({ db: app, now: later(91) })).toMatchObject({ reports: 0 });
    expect(await erasureEvents(report.reportId)).toHaveLength(1);
  });

  it("never touches an open case, however old, nor a closed one with no closing time", async () => {
    const open = await Promise.all(["received", "accepted", "released"].map(() => reportWithMail()));
    for (const [i, state] of ["received", "accepted", "released"].entries()) {
      await db.report.update({ where: { id: open[i]!.reportId }, data: { state } });
    }
    const unknown = await reportWithMail();
    await close(unknown.reportId, "closed", null);
    await eraseExpiredPersonalData({ db: app, now: later(3650 * 3) });
    for (const r of [...open, unknown]) {
      const row = await db.report.findUniqueOrThrow({ where: { id: r.reportId } });
      expect(row.notifyEmail).toBe(r.notifyEmail);
      expect(await mailsOf(r.notifyEmail, r.linkEmail)).toHaveLength(2);
    }
  });

  it("covers every terminal state: the triage outcomes as well as closed", async () => {
    const states = ["duplicate", "rejected", "not-a-vulnerability", "spam"];
    const reports = await Promise.all(states.map(() => reportWithMail()));
    for (const [i, state] of states.entries()) await close(reports[i]!.reportId, state);
    await eraseExpiredPersonalData({ db: app, now: later(90) });
    for (const r of reports) {
      expect((await db.report.findUniqueOrThrow({ where: { id: r.reportId } })).notifyEmail).toBeNull();
      expect(await mailsOf(r.notifyEmail, r.linkEmail)).toEqual([]);
    }
  });

  it("lets a waiting email be delivered first and erases it on a later run", async () => {
    const report = await reportWithMail({ deliver: false });
    await close(report.reportId);
    const run = await eraseExpiredPersonalData({ db: app, now: later(90) });
    expect(run.notifyEmails).toBeGreaterThanOrEqual(1);
    expect((await db.report.findUniqueOrThrow({ where: { id: report.reportId } })).notifyEmail).toBeNull();
    const waiting = await mailsOf(report.notifyEmail, report.linkEmail);
    expect(waiting.map((m) => m.status)).toEqual(["PENDING", "PENDING"]);

    await deliverAll();
    expect(await eraseExpiredPersonalData({ db: app, now: later(91) })).toMatchObject({ outboxMessages: 2 });
    expect(await mailsOf(report.notifyEmail, report.linkEmail)).toEqual([]);
    expect(await erasureEvents(report.reportId)).toHaveLength(2);
  });

  it("works through a backlog in batches", async () => {
    const reports = await Promise.all(Array.from({ length: 7 }, () => reportWithMail()));
    for (const r of reports) await close(r.reportId);
    const run = await eraseExpiredPersonalData({ db: app, now: later(90), batchSize: 3 });
    expect(run.reports).toBeGreaterThanOrEqual(7);
    for (const r of reports) {
      expect((await db.report.findUniqueOrThrow({ where: { id: r.reportId } })).notifyEmail).toBeNull();
    }
    expect(await eraseExpiredPersonalData({ db: app, now: later(90), batchSize: 3 })).toMatchObject({
      reports: 0,
    });
  });

  it("follows the admin setting", async () => {
    const report = await reportWithMail();
    await close(report.reportId);
    const settingsAdmin = await admin("admin@demo.disclose.test");
    try {
      await settingsAdmin.cases.updateSettings({ reporterDataRetentionDays: 7 });
      expect(await eraseExpiredPersonalData({ db: app, now: later(7, -1) })).toMatchObject({
        retentionDays: 7,
        reports: 0,
      });
      expect(await eraseExpiredPersonalData({ db: app, now: later(7) })).toMatchObject({ reports: 1 });
    } finally {
      await settingsAdmin.cases.updateSettings({ reporterDataRetentionDays: 90 });
    }
  });

  it("runs as a graphile-worker task that logs counts, never an address", async () => {
    const report = await reportWithMail();
    await close(report.reportId);
    const lines: string[] = [];
    const runs: unknown[] = [];
    const task = createRetentionTask({ db: app, now: () => later(90), onRun: (run) => runs.push(run) });
    await task({}, { logger: { info: (line) => lines.push(line) } });
    expect(runs).toEqual([expect.objectContaining({ reports: 1, notifyEmails: 1, outboxMessages: 2 })]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("1 report(s)");
    expect(findEmailAddresses(lines)).toEqual([]);
  });

  it("erases automatic answers to mail that became no report (a bounce), and no other mail", async () => {
    const to = email();
    const auto = { "Auto-Submitted": "auto-replied", "X-Loop": "security@example.test" };
    const sent = await enqueueEmail(db, { to, subject: "Not received", text: "too large", headers: auto });
    const waiting = await enqueueEmail(db, { to, subject: "Not received", text: "too large", headers: auto });
    const other = await enqueueEmail(db, { to, subject: "Sign in", text: "a staff member's mail" });
    const ids = [sent.id, waiting.id, other.id];
    await db.outboxMessage.updateMany({ where: { id: { in: ids } }, data: { createdAt: now } });
    await db.outboxMessage.updateMany({
      where: { id: { in: [sent.id, other.id] } },
      data: { status: "SENT" },
    });
    const row = async (id: string) => db.outboxMessage.findUniqueOrThrow({ where: { id } });

    expect(await eraseAnsweredStrangers({ db: app, now: later(30, -1), retentionDays: 30 })).toEqual({
      outboxMessages: 0,
    });
    expect(await eraseAnsweredStrangers({ db: app, now: later(30), retentionDays: 30 })).toEqual({
      outboxMessages: 1,
    });
    expect(await row(sent.id)).toMatchObject({ toAddress: "", subject: ERASED_TEXT, textBody: ERASED_TEXT });
    // Still to be delivered, and not an automatic answer: untouched.
    expect((await row(waiting.id)).toAddress).toBe(to);
    expect((await row(other.id)).toAddress).toBe(to);
    expect(await eraseAnsweredStrangers({ db: app, now: later(31), retentionDays: 30 })).toEqual({
      outboxMessages: 0,
    });
    const [event] = await db.auditEvent.findMany({ where: { action: "mail_intake.answers_erased" } });
    expect(event?.data).toMatchObject({ outboxMessages: 1, reason: "retention" });
    expect(findEmailAddresses([JSON.stringify(event?.data)])).toEqual([]);
    await db.outboxMessage.update({ where: { id: waiting.id }, data: { status: "FAILED" } });
  });

  it("starts the clock when the team closes a case or ends it in triage", async () => {
    const report = await reportWithMail();
    const pst = await admin("pst1@demo.disclose.test");
    await pst.cases.decide({ reportId: report.reportId, command: { type: "acknowledge" } });
    expect((await db.report.findUniqueOrThrow({ where: { id: report.reportId } })).closedAt).toBeNull();
    const rejectedAt = later(1);
    await (await admin("pst1@demo.disclose.test", rejectedAt)).cases.decide({
      reportId: report.reportId,
      command: { type: "reject", reason: `Out of scope; write to ${report.notifyEmail} if you disagree.` },
    });
    const row = await db.report.findUniqueOrThrow({ where: { id: report.reportId } });
    expect(row.closedAt).toEqual(rejectedAt);
    // The reason shown to the reporter keeps its words; the audit log does not keep the address.
    expect(row.decisionReason).toContain(report.notifyEmail);
    const [rejected] = await db.auditEvent.findMany({
      where: { subjectId: report.reportId, action: "case.reject" },
    });
    expect(JSON.stringify(rejected?.data)).toContain("[email address removed]");
  });
});

describe("erasure at the reporter's request", () => {
  it("erases the address and every email to them, sends nothing more, and says what stays", async () => {
    const report = await reportWithMail({ deliver: false });
    const mails = await mailsOf(report.notifyEmail, report.linkEmail);
    const before = await caseSnapshot(report.reportId);
    const p = await portal();
    const view = await p.tracking.view({ token: report.trackingToken });
    expect(view.personalData).toEqual({
      hasNotifyEmail: true,
      emailsKept: 2,
      erasedAt: null,
      retentionDays: 90,
      erasableAt: null,
    });

    const result = await p.tracking.erasePersonalData({ token: report.trackingToken });
    expect(result).toEqual({ erasedNow: true, notifyEmail: true, outboxMessages: 2, erasedAt: now });
    expect(await caseSnapshot(report.reportId)).toEqual(before);
    // Both were still waiting: they are never sent (the worker skips a FAILED message).
    const erased = await db.outboxMessage.findMany({ where: { id: { in: mails.map((m) => m.id) } } });
    expect(erased.map((m) => [m.toAddress, m.status, m.lastError])).toEqual([
      ["", "FAILED", ERASED_BEFORE_DELIVERY],
      ["", "FAILED", ERASED_BEFORE_DELIVERY],
    ]);
    const [event] = await erasureEvents(report.reportId);
    expect(event).toMatchObject({
      actorKind: "reporter",
      data: { reason: "reporter request", notifyEmail: true, outboxMessages: 2 },
    });

    // No more email updates: the team's next step mails no one.
    const outboxBefore = await db.outboxMessage.count();
    await (await admin("pst1@demo.disclose.test")).cases.decide({
      reportId: report.reportId,
      command: { type: "acknowledge" },
    });
    expect(await db.outboxMessage.count()).toBe(outboxBefore);

    const afterView = await p.tracking.view({ token: report.trackingToken });
    expect(afterView.personalData).toMatchObject({ hasNotifyEmail: false, emailsKept: 0, erasedAt: now });
    expect(afterView.state).toBe("acknowledged");

    // Repeating it is harmless: nothing left, nothing more in the log.
    expect(await p.tracking.erasePersonalData({ token: report.trackingToken })).toEqual({
      erasedNow: false,
      notifyEmail: false,
      outboxMessages: 0,
      erasedAt: now,
    });
    expect(await erasureEvents(report.reportId)).toHaveLength(1);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it("shows when retention will erase it once the case is closed", async () => {
    const report = await reportWithMail();
    await close(report.reportId, "rejected");
    const view = await (await portal()).tracking.view({ token: report.trackingToken });
    expect(view.personalData.erasableAt).toEqual(later(90));
  });

  it.each([
    ["a wrong secret", (token: string) => `${token.split(".")[0]}.${"A".repeat(43)}`],
    ["a malformed token", () => "not-a-token"],
    ["an empty token", () => ""],
    ["a token with a NUL", (token: string) => `${token}\u0000`],
    ["an unknown report", () => `00000000-0000-4000-8000-000000000000.${"A".repeat(43)}`],
    ["a huge token", () => "x".repeat(10_000)],
  ])("refuses %s with the tracking page's 404 and erases nothing", async (_what, tokenOf) => {
    const report = await reportWithMail();
    const error = await errorOf(
      (await portal()).tracking.erasePersonalData({ token: tokenOf(report.trackingToken) }),
    );
    expect(["NOT_FOUND", "BAD_REQUEST"]).toContain(error.code);
    expect((await db.report.findUniqueOrThrow({ where: { id: report.reportId } })).notifyEmail).toBe(
      report.notifyEmail,
    );
  });

  it("refuses a request from another site", async () => {
    const report = await reportWithMail();
    const caller = createPortalCaller(
      await createContext({
        app: "portal",
        appUrl: PORTAL_URL,
        db: app,
        now,
        headers: new Headers({ origin: "https://evil.example", [PEER_HEADER]: "10.12.0.1" }),
      }),
    );
    expect((await errorOf(caller.tracking.erasePersonalData({ token: report.trackingToken }))).code).toBe(
      "FORBIDDEN",
    );
    expect(
      (await db.report.findUniqueOrThrow({ where: { id: report.reportId } })).notifyEmail,
    ).not.toBeNull();
  });
});

describe("the audit log", () => {
  it("holds no email address after reporting, mailing, triage, settings, invitations and erasure", async () => {
    // Flows beyond the ones above, each of which had an address at hand.
    const admin1 = await admin("admin@demo.disclose.test");
    await admin1.users.invite({ email: email(), name: "New Member", roles: ["PST_MEMBER"] });
    await admin1.cases.updateSettings({ reporterDataRetentionDays: 90 });
    const report = await reportWithMail();
    const pst = await admin("pst1@demo.disclose.test");
    await pst.cases.decide({
      reportId: report.reportId,
      command: { type: "acknowledge" },
      extras: {
        reporterMessage: await encryptText("Thanks", [
          report.reporter.publicKey,
          ...pstKeys.map((k) => k.armoredPublicKey),
        ]),
      },
    });
    await pst.cases.decide({
      reportId: report.reportId,
      command: {
        type: "mark-not-vulnerability",
        reason: `Ask ${email()}`,
        bugReference: `mailto:${email()}`,
      },
    });
    await (await portal()).tracking.erasePersonalData({ token: report.trackingToken });

    const events = await db.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(events.length).toBeGreaterThan(20);
    const withAddresses = events
      .map((e) => ({
        seq: e.seq,
        action: e.action,
        found: findEmailAddresses([e.actorId, e.actorKind, e.action, e.subjectType, e.subjectId, e.data]),
      }))
      .filter((e) => e.found.length > 0);
    expect(withAddresses).toEqual([]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });
});

describe("the migration", () => {
  it("starts the clock of existing closed cases and links existing reporter emails to their reports", async () => {
    const sql = await readFile(
      fileURLToPath(
        new URL("../../db/prisma/migrations/20261202090000_retention/migration.sql", import.meta.url),
      ),
      "utf8",
    );
    // The backfill only (the columns and the table exist already in this migrated database).
    const backfill = sql.slice(sql.indexOf("-- Existing terminal reports"));
    // The closed one first: making a report delivers every waiting mail, and the rejected one's must wait.
    const closed = await reportWithMail();
    const rejected = await reportWithMail({ deliver: false });
    const rejectedAt = later(2);
    await (await admin("pst1@demo.disclose.test")).cases.decide({
      reportId: rejected.reportId,
      command: { type: "acknowledge" },
    });
    await (await admin("pst1@demo.disclose.test", rejectedAt)).cases.decide({
      reportId: rejected.reportId,
      command: { type: "reject", reason: "Out of scope." },
    });
    // As a database from before this migration would have them: no clock, no links.
    await db.report.updateMany({
      where: { id: { in: [rejected.reportId, closed.reportId] } },
      data: { closedAt: null },
    });
    await db.report.update({ where: { id: closed.reportId }, data: { state: "closed" } });
    await db.reportOutboxMessage.deleteMany({
      where: { reportId: { in: [rejected.reportId, closed.reportId] } },
    });

    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    try {
      const started = new Date();
      await client.query(backfill);
      const rows = await db.report.findMany({
        where: { id: { in: [rejected.reportId, closed.reportId] } },
        select: { id: true, closedAt: true },
      });
      const at = Object.fromEntries(rows.map((r) => [r.id, r.closedAt]));
      // From the audit log's record of the rejection.
      expect(at[rejected.reportId]).toEqual(rejectedAt);
      // No record of closing (set directly above): from now, never earlier.
      expect(at[closed.reportId]!.getTime()).toBeGreaterThanOrEqual(started.getTime() - 1000);
      // Every mail to the rejected one's reporter: by the address for updates, and the tracking link mailed to
      // another address by its link (not delivered yet, so its body still names the report).
      const linked = async (reportId: string) =>
        (await db.reportOutboxMessage.findMany({ where: { reportId } })).map((l) => l.outboxMessageId).sort();
      const ids = (mails: { id: string }[]) => mails.map((m) => m.id).sort();
      expect(await linked(rejected.reportId)).toEqual(
        ids(await mailsOf(rejected.notifyEmail, rejected.linkEmail)),
      );
      // A tracking link already delivered to another address cannot be traced (the documented gap).
      expect(await linked(closed.reportId)).toEqual(ids(await mailsOf(closed.notifyEmail)));
    } finally {
      await client.end();
    }
  });
});
