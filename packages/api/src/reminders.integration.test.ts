// Issue 12: alerts and reminders through the outbox, without vulnerability content. The acknowledgement before its
// clock runs out, due-soon and overdue milestones to the Fix Lead and the PST, a daily digest; once per milestone
// and state, none for a closed case, digest-only respected; scheduled by the worker's cron at the case clock,
// which only the test clock (test mode) moves.
import type { Db } from "@disclose/db";
import { DEMO_USERS, seedDemo } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { installJobQueue } from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { BACKGROUND_CRONTAB, startBackgroundWorker } from "./background-worker";
import { caseClockNow } from "./case-clock";
import { createContext } from "./context";
import { testClockResponse } from "./http/test-clock-route";
import { adminCallerAs } from "./test-support/admin-caller";
import { submitTestReport } from "./test-support/reports";
import { sessionFor, type TestUserSession } from "./test-support/sessions";
import { errorOf } from "./test-support/trpc-errors";
import { alertPstOfNewReport } from "./use-cases/alerts/alert-pst-of-new-report";
import { createRemindersTask, REMINDERS_CRONTAB, REMINDERS_TASK } from "./use-cases/alerts/reminders-task";
import { sendDueReminders, sentAlertOfKey } from "./use-cases/alerts/send-due-reminders";
import { listPstKeys, type TPstKeyWithOwner } from "./use-cases/keys/list-pst-keys";

// Before anything reads the environment (apiEnv() keeps what it read first): this file runs in test mode.
vi.hoisted(() => {
  process.env.DISCLOSE_TEST_CLOCK = "1";
});

const ADMIN_URL = "http://localhost:3001";
const HOUR = 3_600_000;
const at = (iso: string, plusMs = 0) => new Date(new Date(iso).getTime() + plusMs);

/** What the reports say: none of it may ever reach an email. */
const SECRET = {
  title: "Quokka-zebra heap overflow in frobnicator",
  component: "frobnicator-core-7731",
  description: "Sending the ZX-SPECTRE-4411 payload overwrites the return address.",
  stepsToReproduce: "curl --data @zx-spectre-4411.bin",
  impact: "Remote code execution as the frobnicator user",
};
const NOTIFY_EMAIL = "reporter-x41@example.test";

let t: TestDatabase;
let db: Db;
let pstKeys: TPstKeyWithOwner[];
const ids: Record<"pst1" | "pst2" | "fixer" | "distributor", string> = {
  pst1: "",
  pst2: "",
  fixer: "",
  distributor: "",
};
const email = {
  pst1: "pst1@demo.disclose.test",
  pst2: "pst2@demo.disclose.test",
  fixer: "fixer@demo.disclose.test",
  distributor: "distributor@demo.disclose.test",
};

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await installJobQueue(t.url);
  await seedDemo(db);
  pstKeys = await listPstKeys({ db, now: new Date() });
  for (const key of Object.keys(ids) as (keyof typeof ids)[]) {
    ids[key] = (await db.user.findUniqueOrThrow({ where: { email: email[key] } })).id;
  }
  expect(DEMO_USERS.map((u) => u.email)).toEqual(expect.arrayContaining(Object.values(email)));
}, 120_000);
afterAll(() => t?.drop());

/** A report as the portal makes it, encrypted, with the distinctive secret text above. */
async function report(receivedAt: Date, options: { alreadyPublic?: boolean } = {}): Promise<string> {
  const { reportId } = await submitTestReport(db, {
    pstKeys,
    now: receivedAt,
    notifyEmail: NOTIFY_EMAIL,
    content: { ...SECRET, alreadyPublic: options.alreadyPublic ?? false },
  });
  return reportId;
}

/** An accepted case (its `cases` row opened), led by `fixLeadId`. */
async function acceptedCase(receivedAt: Date, fixLeadId: string): Promise<string> {
  const id = await report(receivedAt);
  await db.case.upsert({ where: { id }, create: { id, openedAt: receivedAt }, update: {} });
  await db.report.update({
    where: { id },
    data: { state: "accepted", fixLeadId, acknowledgedAt: receivedAt, decidedAt: receivedAt, caseId: id },
  });
  return id;
}

async function close(id: string, closedAt: Date) {
  await db.report.update({ where: { id }, data: { state: "closed", closedAt } });
}

const seen = new Set<string>();
/** Runs the reminders at `now` (the case clock) and returns the emails this run wrote. */
async function run(now: Date) {
  const result = await sendDueReminders({ db, now, adminUrl: ADMIN_URL });
  const rows = await db.outboxMessage.findMany({ orderBy: { createdAt: "asc" } });
  const mails = rows.filter((r) => !seen.has(r.id));
  for (const m of mails) seen.add(m.id);
  return { result, mails };
}
type Mail = Awaited<ReturnType<typeof run>>["mails"][number];
const short = (id: string) => id.slice(0, 8);
/** Single reminders (not digests) about one case. */
const remindersOf = (mails: Mail[], id: string) =>
  mails.filter((m) => m.subject.includes(`Case ${short(id)}:`) || m.subject.includes(`Report ${short(id)}:`));
const digestsOf = (mails: Mail[]) => mails.filter((m) => m.subject.startsWith("Disclose daily digest"));
/** What the reminders wrote (not, e.g., the reporter's confirmation of a report). */
const alertMails = (mails: Mail[]) =>
  mails.filter((m) => /^(URGENT: )?(Case|Report) [0-9a-f]{8}:|^Disclose daily digest/.test(m.subject));
const to = (mails: Mail[]) => mails.map((m) => m.toAddress).sort();

describe("milestone reminders", () => {
  it("go to the Fix Lead and the PST when due soon, then when overdue, each once", async () => {
    const t0 = at("2027-01-04T08:00:00Z");
    const id = await acceptedCase(t0, ids.fixer);
    // Fix Team formed is due 24 h after the report, "due soon" in its last 6 h.
    expect(remindersOf((await run(at("2027-01-04T08:00:00Z", 17 * HOUR))).mails, id)).toEqual([]);

    const soon = remindersOf((await run(at("2027-01-04T08:00:00Z", 19 * HOUR))).mails, id);
    expect(to(soon)).toEqual([email.fixer, email.pst1, email.pst2].sort());
    for (const mail of soon) {
      expect(mail.subject).toBe(`Case ${short(id)}: Fix Team formed, due soon: by 2027-01-05 08:00 UTC`);
      expect(mail.textBody).toContain(`Case ${short(id)} (Accepted) needs attention:`);
      expect(mail.textBody).toContain(`${ADMIN_URL}/reports/${id}`);
      expect(mail.htmlBody).toContain(`href="${ADMIN_URL}/reports/${id}"`);
    }
    // Run twice, and later while still due soon: nothing new.
    expect(remindersOf((await run(at("2027-01-04T08:00:00Z", 19 * HOUR))).mails, id)).toEqual([]);
    expect(remindersOf((await run(at("2027-01-04T08:00:00Z", 23 * HOUR))).mails, id)).toEqual([]);

    const overdue = remindersOf((await run(at("2027-01-04T08:00:00Z", 25 * HOUR))).mails, id);
    expect(to(overdue)).toEqual([email.fixer, email.pst1, email.pst2].sort());
    for (const mail of overdue) {
      expect(mail.subject).toBe(`Case ${short(id)}: Fix Team formed, overdue since 2027-01-05 08:00 UTC`);
    }
    expect(remindersOf((await run(at("2027-01-04T08:00:00Z", 25 * HOUR))).mails, id)).toEqual([]);
    expect(remindersOf((await run(at("2027-01-04T08:00:00Z", 30 * HOUR))).mails, id)).toEqual([]);

    // Remembered in sent_alerts (one row per milestone, status and person) and in the case's history.
    const sent = await db.sentAlert.findMany({ where: { caseId: id } });
    expect(sent).toHaveLength(6);
    expect(sent.map((s) => sentAlertOfKey(s.key)?.subject)).toEqual(Array(6).fill("fix-team-formed"));
    const events = await db.auditEvent.findMany({
      where: { subjectType: "report", subjectId: id, action: "case.reminders_sent" },
      orderBy: { seq: "asc" },
    });
    expect(events).toHaveLength(2);
    expect(JSON.stringify(events.map((e) => e.data))).not.toContain("@");
    expect(JSON.stringify(events[1]?.data)).toContain("fix-team-formed/overdue");
    await close(id, at("2027-01-06T00:00:00Z"));
  });

  it("stop once the milestone is done, and none for a closed or discarded case", async () => {
    const t0 = at("2027-02-01T08:00:00Z");
    const done = await acceptedCase(t0, ids.pst1);
    const closing = await acceptedCase(t0, ids.pst1);
    const closed = await acceptedCase(t0, ids.pst1);
    await close(closed, t0);
    const rejected = await report(t0);
    await db.report.update({
      where: { id: rejected },
      data: { state: "rejected", decidedAt: t0, closedAt: t0, decisionReason: "Not in scope." },
    });
    const soon = alertMails((await run(at("2027-02-01T08:00:00Z", 19 * HOUR))).mails);
    expect(remindersOf(soon, done)).toHaveLength(2);
    expect(remindersOf(soon, closing)).toHaveLength(2);
    await db.case.update({ where: { id: done }, data: { fixTeamFormedAt: at("2027-02-01T20:00:00Z") } });
    await close(closing, at("2027-02-01T20:00:00Z"));

    const later = alertMails([
      ...(await run(at("2027-02-02T09:00:00Z"))).mails,
      ...(await run(at("2027-02-20T09:00:00Z"))).mails,
    ]);
    // The done case is still reminded of its other milestones, never again of the Fix Team.
    expect(remindersOf(later, done).length).toBeGreaterThan(0);
    for (const mail of remindersOf(later, done)) expect(mail.textBody).not.toContain("Fix Team formed");
    for (const id of [closing, closed, rejected]) {
      expect(later.filter((m) => m.textBody.includes(short(id)))).toEqual([]);
    }
    for (const id of [closed, rejected])
      expect(soon.filter((m) => m.textBody.includes(short(id)))).toEqual([]);
    expect(await db.sentAlert.count({ where: { caseId: { in: [closed, rejected] } } })).toBe(0);
    await close(done, at("2027-02-21T00:00:00Z"));
  });
});

describe("the acknowledgement clock", () => {
  it("reminds the PST before it runs out and when it has, once each; not once acknowledged", async () => {
    const t0 = at("2027-05-01T08:00:00Z");
    const waiting = await report(t0);
    const acknowledged = await report(t0);
    await db.report.update({ where: { id: acknowledged }, data: { acknowledgedAt: t0 } });
    // 48 hours (the default), "due soon" in the last 12.
    const before = (await run(at("2027-05-02T19:00:00Z"))).mails;
    expect(remindersOf(before, waiting)).toEqual([]);

    const soon = remindersOf((await run(at("2027-05-02T21:00:00Z"))).mails, waiting);
    expect(to(soon)).toEqual([email.pst1, email.pst2]);
    for (const mail of soon) {
      expect(mail.subject).toBe(
        `Report ${short(waiting)}: Acknowledge the report, due soon: by 2027-05-03 08:00 UTC`,
      );
      expect(mail.textBody).toContain(`Report ${short(waiting)} (Received) needs attention:`);
    }
    expect(remindersOf((await run(at("2027-05-02T22:00:00Z"))).mails, waiting)).toEqual([]);
    const overdue = remindersOf((await run(at("2027-05-03T09:00:00Z"))).mails, waiting);
    expect(overdue.map((m) => m.subject)).toEqual([
      `Report ${short(waiting)}: Acknowledge the report, overdue since 2027-05-03 08:00 UTC`,
      `Report ${short(waiting)}: Acknowledge the report, overdue since 2027-05-03 08:00 UTC`,
    ]);
    expect(remindersOf((await run(at("2027-05-04T09:00:00Z"))).mails, waiting)).toEqual([]);
    for (const id of [acknowledged]) {
      expect(await db.sentAlert.count({ where: { caseId: id } })).toBe(0);
    }
    await close(waiting, at("2027-05-05T00:00:00Z"));
    await close(acknowledged, at("2027-05-05T00:00:00Z"));
  });

  it("leaves the new-report alert to the worker's job: at once, URGENT when public, digest-only or not", async () => {
    await db.user.update({ where: { id: ids.pst2 }, data: { digestOnly: true } });
    try {
      const t0 = at("2027-05-10T08:00:00Z");
      const open = await report(t0, { alreadyPublic: true });
      const { mails } = await run(at("2027-05-10T08:05:00Z"));
      // No "new report" and no acknowledgement reminder from the schedule: the public report's alert says "now".
      expect(mails.filter((m) => /new security report|publicly disclosed/i.test(m.subject))).toEqual([]);
      expect(remindersOf(mails, open)).toEqual([]);
      await alertPstOfNewReport({
        db,
        reportId: open,
        reportUrl: `${ADMIN_URL}/reports/${open}`,
        now: t0,
      });
      const alerts = await db.outboxMessage.findMany({ where: { subject: { contains: short(open) } } });
      expect(to(alerts)).toEqual([email.pst1, email.pst2]);
      for (const alert of alerts) {
        expect(alert.subject).toBe(
          `URGENT: a publicly disclosed vulnerability was reported (report ${short(open)})`,
        );
      }
      await close(open, at("2027-05-11T00:00:00Z"));
    } finally {
      await db.user.update({ where: { id: ids.pst2 }, data: { digestOnly: false } });
    }
  });
});

describe("who is told", () => {
  it("not a PST member out of office, nor a deactivated one; a malformed memory row is ignored", async () => {
    await db.user.update({ where: { id: ids.pst2 }, data: { unavailableUntil: at("2028-01-01T00:00:00Z") } });
    const gone = await db.user.create({
      data: {
        email: "gone-pst@example.test",
        name: "Gone",
        active: false,
        roles: { create: { role: "PST_MEMBER" } },
      },
    });
    await db.sentAlert.create({
      data: { key: "not|a|key", caseId: null, userId: ids.pst1, sentAt: at("2027-07-01T00:00:00Z") },
    });
    try {
      const id = await acceptedCase(at("2027-07-01T08:00:00Z"), ids.pst1);
      const mails = alertMails((await run(at("2027-07-02T03:00:00Z"))).mails);
      expect(to(remindersOf(mails, id))).toEqual([email.pst1]);
      expect(mails.filter((m) => m.toAddress === gone.email || m.toAddress === email.pst2)).toEqual([]);
      await close(id, at("2027-07-03T00:00:00Z"));
    } finally {
      await db.user.update({ where: { id: ids.pst2 }, data: { unavailableUntil: null } });
    }
    expect(sentAlertOfKey("not|a|key")).toBeNull();
    expect(sentAlertOfKey("-|digest|daily|not a date|u1")).toBeNull();
  });
});

describe("the daily digest", () => {
  it("lists what is due per person from 07:00 UTC, once a day; a Fix Lead outside the PST sees their cases", async () => {
    const ledByFixer = await acceptedCase(at("2027-04-01T02:00:00Z"), ids.fixer);
    const ledByPst = await acceptedCase(at("2027-04-01T02:00:00Z"), ids.pst1);
    // Fix Team formed: overdue since 2027-04-02 02:00.
    const early = await run(at("2027-04-02T06:59:00Z"));
    expect(digestsOf(early.mails)).toEqual([]);
    expect(to(remindersOf(early.mails, ledByFixer))).toEqual([email.fixer, email.pst1, email.pst2].sort());

    const first = digestsOf((await run(at("2027-04-02T07:00:00Z"))).mails);
    expect(to(first)).toEqual([email.fixer, email.pst1, email.pst2].sort());
    for (const digest of first) {
      expect(digest.subject).toMatch(/^Disclose daily digest for 2027-04-02: \d+ items? due/);
      expect(digest.textBody).toContain(
        `- Case ${short(ledByFixer)} (Accepted): Fix Team formed, overdue since 2027-04-02 02:00 UTC ${ADMIN_URL}/reports/${ledByFixer}`,
      );
    }
    const pstDigest = first.find((d) => d.toAddress === email.pst1);
    expect(pstDigest?.textBody).toContain(`Case ${short(ledByPst)}`);
    const fixerDigest = first.find((d) => d.toAddress === email.fixer);
    expect(fixerDigest?.textBody).not.toContain(short(ledByPst));
    expect(fixerDigest?.subject).toBe("Disclose daily digest for 2027-04-02: 1 item due (1 overdue)");

    expect(digestsOf((await run(at("2027-04-02T15:00:00Z"))).mails)).toEqual([]);
    expect(digestsOf((await run(at("2027-04-02T23:59:00Z"))).mails)).toEqual([]);
    const next = digestsOf((await run(at("2027-04-03T07:30:00Z"))).mails);
    expect(to(next)).toEqual([email.fixer, email.pst1, email.pst2].sort());
    expect(next[0]?.subject).toMatch(/^Disclose daily digest for 2027-04-03/);
    expect(
      await db.sentAlert.count({ where: { caseId: null, key: { contains: "|digest|daily|2027-04-02" } } }),
    ).toBe(3);
    const runs = await db.auditEvent.findMany({ where: { action: "alerts.digests_sent" } });
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(runs.map((r) => r.data))).not.toContain("@");
    await close(ledByFixer, at("2027-04-04T00:00:00Z"));
    await close(ledByPst, at("2027-04-04T00:00:00Z"));
  });

  it("is all that a digest-only person gets", async () => {
    const pst2 = await sessionFor(db, email.pst2);
    await (await api(pst2)).notifications.setDigestOnly({ digestOnly: true });
    try {
      const id = await acceptedCase(at("2027-03-01T08:00:00Z"), ids.pst1);
      const soon = (await run(at("2027-03-02T03:00:00Z"))).mails;
      expect(to(remindersOf(soon, id))).toEqual([email.pst1]);
      const digest = await run(at("2027-03-02T07:00:00Z"));
      const forPst2 = digest.mails.filter((m) => m.toAddress === email.pst2);
      expect(forPst2.map((m) => m.subject)).toEqual([
        expect.stringMatching(/^Disclose daily digest for 2027-03-02/),
      ]);
      expect(forPst2[0]?.textBody).toContain(
        `Case ${short(id)} (Accepted): Fix Team formed, due soon: by 2027-03-02 08:00 UTC`,
      );
      const overdue = (await run(at("2027-03-02T09:00:00Z"))).mails;
      expect(to(remindersOf(overdue, id))).toEqual([email.pst1]);
      expect(overdue.filter((m) => m.toAddress === email.pst2)).toEqual([]);
      const nextDay = (await run(at("2027-03-03T07:10:00Z"))).mails.filter((m) => m.toAddress === email.pst2);
      expect(nextDay).toHaveLength(1);
      expect(nextDay[0]?.textBody).toContain(`Case ${short(id)} (Accepted): Fix Team formed, overdue since`);
      await close(id, at("2027-03-04T00:00:00Z"));
    } finally {
      await (await api(pst2)).notifications.setDigestOnly({ digestOnly: false });
    }
  });
});

const api = async (session: TestUserSession | null, origin = ADMIN_URL) =>
  adminCallerAs(db, session, { now: new Date(), origin });

describe("notifications.preferences and notifications.setDigestOnly", () => {
  it("read and set the caller's own choice, audited", async () => {
    const fixer = await sessionFor(db, email.fixer);
    expect(await (await api(fixer)).notifications.preferences()).toEqual({ digestOnly: false });
    expect(await (await api(fixer)).notifications.setDigestOnly({ digestOnly: true })).toEqual({
      digestOnly: true,
    });
    expect(await (await api(fixer)).notifications.preferences()).toEqual({ digestOnly: true });
    const event = await db.auditEvent.findFirst({
      where: { action: "user.reminder_preference_changed", subjectId: ids.fixer },
      orderBy: { seq: "desc" },
    });
    expect(event).toMatchObject({ actorId: ids.fixer, subjectType: "user", data: { digestOnly: true } });
    await (await api(fixer)).notifications.setDigestOnly({ digestOnly: false });
    expect((await db.user.findUniqueOrThrow({ where: { id: ids.fixer } })).digestOnly).toBe(false);
  });

  it("never changes anyone else's row, and refuses bad input, other origins and distributors", async () => {
    const fixer = await sessionFor(db, email.fixer);
    await (await api(fixer)).notifications.setDigestOnly({
      digestOnly: true,
      userId: ids.pst1,
    } as { digestOnly: boolean });
    expect((await db.user.findUniqueOrThrow({ where: { id: ids.pst1 } })).digestOnly).toBe(false);
    expect((await db.user.findUniqueOrThrow({ where: { id: ids.fixer } })).digestOnly).toBe(true);
    await (await api(fixer)).notifications.setDigestOnly({ digestOnly: false });

    for (const hostile of [{ digestOnly: "yes" }, { digestOnly: null }, {}, { digestOnly: 1 }]) {
      const error = await errorOf((await api(fixer)).notifications.setDigestOnly(hostile as never));
      expect(error.code).toBe("BAD_REQUEST");
    }
    expect(
      (
        await errorOf(
          (await api(fixer, "https://evil.example")).notifications.setDigestOnly({ digestOnly: true }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    const distributor = await sessionFor(db, email.distributor);
    expect(
      (await errorOf((await api(distributor)).notifications.setDigestOnly({ digestOnly: true }))).code,
    ).toBe("FORBIDDEN");
    expect((await errorOf((await api(null)).notifications.preferences())).code).toBe("UNAUTHORIZED");
  });
});

describe("the test clock route (test mode)", () => {
  const wall = new Date("2027-06-01T12:00:00Z");
  const call = (init: RequestInit & { body?: string } = {}) =>
    testClockResponse(new Request(`${ADMIN_URL}/api/test-clock`, init), { db, now: wall, appUrl: ADMIN_URL });
  const post = (body: string, origin: string | null = ADMIN_URL) =>
    call({
      method: "POST",
      body,
      headers: { "content-type": "application/json", ...(origin ? { origin } : {}) },
    });

  it("answers the offset, moves only the case clock and runs the reminders at once", async () => {
    const before = await (await call()).json();
    expect(before).toEqual({ offsetMs: 0, caseNow: wall.toISOString() });

    // A report whose acknowledgement falls due soon once the clock moves 40 hours.
    const waiting = await report(wall);
    const session = await sessionFor(db, email.pst1, { now: wall });
    const response = await post(JSON.stringify({ advanceMs: 40 * HOUR }));
    expect(response.status).toBe(200);
    const moved = (await response.json()) as {
      offsetMs: number;
      caseNow: string;
      reminders: { emails: number };
    };
    expect(moved.offsetMs).toBe(40 * HOUR);
    expect(moved.caseNow).toBe(at(wall.toISOString(), 40 * HOUR).toISOString());
    expect(moved.reminders.emails).toBeGreaterThanOrEqual(2);
    const mails = await db.outboxMessage.findMany({
      where: { subject: { startsWith: `Report ${short(waiting)}: Acknowledge the report, due soon` } },
    });
    expect(to(mails)).toEqual([email.pst1, email.pst2]);
    for (const m of mails) seen.add(m.id);

    // Sessions (and sign-in) keep the wall clock: the hour-long session is still valid, ctx.now did not move.
    const ctx = await createContext({
      app: "admin",
      appUrl: ADMIN_URL,
      db,
      now: wall,
      headers: new Headers({ cookie: session.cookie }),
    });
    expect(ctx.session?.userId).toBe(ids.pst1);
    expect(ctx.now).toEqual(wall);
    expect(ctx.caseNow).toEqual(at(wall.toISOString(), 40 * HOUR));
    expect(await (await call()).json()).toEqual({ offsetMs: 40 * HOUR, caseNow: moved.caseNow });

    // The worker's task reads the same case clock.
    const runs: Date[] = [];
    await createRemindersTask({
      db,
      now: () => wall,
      adminUrl: ADMIN_URL,
      onRun: (r) => runs.push(r.caseNow),
    })({}, { logger: { info: () => {} } });
    expect(runs).toEqual([at(wall.toISOString(), 40 * HOUR)]);
    expect(await caseClockNow(db, wall)).toEqual(at(wall.toISOString(), 40 * HOUR));
    await close(waiting, at("2027-06-10T00:00:00Z"));
  });

  it("refuses other origins, bad input and a clock going back", async () => {
    const { offsetMs } = (await (await call()).json()) as { offsetMs: number };
    expect((await post(JSON.stringify({ advanceMs: HOUR }), null)).status).toBe(403);
    expect((await post(JSON.stringify({ advanceMs: HOUR }), "https://evil.example")).status).toBe(403);
    for (const body of [
      "not json",
      JSON.stringify({ advanceMs: -HOUR }),
      JSON.stringify({ advanceMs: 0 }),
      JSON.stringify({ advanceMs: "3600000" }),
      JSON.stringify({ advanceMs: 1.5 }),
      JSON.stringify({ advanceMs: 400 * 24 * HOUR }),
      JSON.stringify([]),
      "null",
    ]) {
      const response = await post(body);
      expect(response.status, body).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("BAD_INPUT");
    }
    expect((await post(JSON.stringify({ advanceMs: HOUR, pad: "x".repeat(2000) }))).status).toBe(413);
    expect((await call({ method: "DELETE", headers: { origin: ADMIN_URL } })).status).toBe(405);
    expect(await (await call()).json()).toMatchObject({ offsetMs });
  });
});

describe("the schedule", () => {
  it("is a cron task of the background worker, every 15 minutes, registered when the worker starts", async () => {
    expect(REMINDERS_CRONTAB).toBe(`*/15 * * * * ${REMINDERS_TASK}`);
    expect(BACKGROUND_CRONTAB.split("\n")).toContain(REMINDERS_CRONTAB);
    // A database of its own: the worker would otherwise deliver this file's outbox.
    const own = await createTestDatabase();
    try {
      await installJobQueue(own.url);
      const worker = await startBackgroundWorker({
        databaseUrl: own.url,
        smtpUrl: "smtp://127.0.0.1:9",
        pollInterval: 100,
        logLevel: "silent",
      });
      try {
        const deadline = Date.now() + 15_000;
        let known: { identifier: string }[] = [];
        while (Date.now() < deadline) {
          known = await own.db.$queryRaw<{ identifier: string }[]>`
            SELECT identifier FROM graphile_worker._private_known_crontabs ORDER BY identifier`;
          if (known.some((k) => k.identifier === REMINDERS_TASK)) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        expect(known.map((k) => k.identifier)).toContain(REMINDERS_TASK);
      } finally {
        await worker.stop();
      }
    } finally {
      await own.drop();
    }
  });
});

describe("no vulnerability content", () => {
  it("reaches any email, nor the audit events of reminders", async () => {
    const rows = await db.outboxMessage.findMany();
    const reminders = rows.filter((r) =>
      /^(Case|Report) [0-9a-f]{8}:|^Disclose daily digest/.test(r.subject),
    );
    expect(reminders.length).toBeGreaterThan(20);
    for (const row of rows) {
      for (const secret of [...Object.values(SECRET), "ZX-SPECTRE", "Quokka", "frobnicator"]) {
        for (const part of [row.subject, row.textBody, row.htmlBody ?? ""]) {
          expect(part.toLowerCase(), `${row.subject}`).not.toContain(secret.toLowerCase());
        }
      }
    }
    for (const row of reminders) {
      expect(row.textBody).not.toContain(NOTIFY_EMAIL);
    }
    const events = await db.auditEvent.findMany({
      where: { action: { in: ["case.reminders_sent", "alerts.digests_sent"] } },
    });
    expect(events.length).toBeGreaterThan(0);
    expect(JSON.stringify(events.map((e) => e.data)).toLowerCase()).not.toContain("frobnicator");
  });
});
