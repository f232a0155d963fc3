// The PST is told at once that a report arrived (the policy's "IMMEDIATELY"), by email through the outbox, with
// nothing of the report in it; once per report, to active PST members only.
import { randomBytes } from "node:crypto";
import type { Db } from "@disclose/db";
import { seedDemo } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { installJobQueue } from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitTestReport } from "./test-support/reports";
import { alertPstOfNewReport, NEW_REPORT_ALERT_TASK } from "./use-cases/alerts/alert-pst-of-new-report";
import { listPstKeys, type TPstKeyWithOwner } from "./use-cases/keys/list-pst-keys";

const now = new Date("2026-12-01T12:00:00Z");
const ADMIN_URL = "http://localhost:3001";

let t: TestDatabase;
let db: Db;
let pstKeys: TPstKeyWithOwner[];
let pstEmails: string[];

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await installJobQueue(t.url);
  await seedDemo(db);
  pstKeys = await listPstKeys({ db, now });
  // One more PST member who left (inactive) and an admin who is not on the PST: neither is told.
  const tag = randomBytes(4).toString("hex");
  await db.user.create({
    data: {
      email: `gone-${tag}@example.test`,
      name: "Gone",
      active: false,
      roles: { create: { role: "PST_MEMBER" } },
    },
  });
  await db.user.create({
    data: { email: `admin-${tag}@example.test`, name: "Admin", roles: { create: { role: "ADMIN" } } },
  });
  const members = await db.user.findMany({
    where: { active: true, roles: { some: { role: "PST_MEMBER" } } },
  });
  pstEmails = members.map((m) => m.email).sort();
}, 120_000);
afterAll(() => t?.drop());

async function queuedAlertFor(reportId: string) {
  const rows = await db.$queryRaw<{ payload: { reportId: string; reportUrl: string } }[]>`
    SELECT payload FROM graphile_worker._private_jobs WHERE key = ${`${NEW_REPORT_ALERT_TASK}:${reportId}`}`;
  return rows.map((r) => r.payload);
}

describe("the PST's alert for a new report", () => {
  it("is queued with the report, and emails every active PST member once, with no content", async () => {
    const reporterEmail = `reporter-${randomBytes(4).toString("hex")}@example.test`;
    const { reportId } = await submitTestReport(db, {
      pstKeys,
      now,
      notifyEmail: reporterEmail,
      content: { title: "Secret title that must not travel" },
    });
    const [payload] = await queuedAlertFor(reportId);
    expect(payload).toEqual({ reportId, reportUrl: `${ADMIN_URL}/reports/${reportId}` });

    expect(await alertPstOfNewReport({ db, ...payload!, now })).toEqual({ sent: pstEmails.length });
    const mails = await db.outboxMessage.findMany({ where: { subject: { contains: reportId.slice(0, 8) } } });
    expect(mails.map((m) => m.toAddress).sort()).toEqual(pstEmails);
    for (const mail of mails) {
      expect(mail.subject).toBe(`New security report (report ${reportId.slice(0, 8)})`);
      expect(mail.textBody).toContain("Acknowledge it by 2026-12-03 12:00 UTC");
      expect(mail.textBody).toContain(`${ADMIN_URL}/reports/${reportId}`);
      for (const secret of ["Secret title", reporterEmail, "resolver"])
        expect(mail.textBody).not.toContain(secret);
    }

    // A retried job sends nothing more; the audit log says whom, by id only.
    expect(await alertPstOfNewReport({ db, ...payload!, now })).toEqual({ sent: 0 });
    const events = await db.auditEvent.findMany({
      where: { subjectId: reportId, action: "report.pst_alerted" },
    });
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0]?.data)).not.toContain("@");
  });

  it("marks a publicly disclosed report urgent", async () => {
    const { reportId } = await submitTestReport(db, { pstKeys, now, content: { alreadyPublic: true } });
    const [payload] = await queuedAlertFor(reportId);
    await alertPstOfNewReport({ db, ...payload!, now });
    const mails = await db.outboxMessage.findMany({ where: { subject: { contains: reportId.slice(0, 8) } } });
    expect(mails).toHaveLength(pstEmails.length);
    expect(mails[0]?.subject).toBe(
      `URGENT: a publicly disclosed vulnerability was reported (report ${reportId.slice(0, 8)})`,
    );
    expect(mails[0]?.textBody).toContain("every deadline is due now");
  });

  it("sends nothing for a report that does not exist", async () => {
    const reportId = "00000000-0000-4000-8000-000000000000";
    expect(
      await alertPstOfNewReport({ db, reportId, reportUrl: `${ADMIN_URL}/reports/${reportId}`, now }),
    ).toEqual({ sent: 0 });
  });
});
