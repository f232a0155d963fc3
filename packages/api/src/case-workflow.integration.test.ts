// Issue 12: cases apart from reports, the case page's timeline and next action, the facts the rules need and the
// Fix Team's 24-hour milestone, through the admin router as people call it.
import { type Db, txQuery, verifyAuditChain } from "@disclose/db";
import { seedDemo } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { installJobQueue } from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminCallerAs } from "./test-support/admin-caller";
import { submitTestReport } from "./test-support/reports";
import { sessionFor, type TestUserSession, userWithSession } from "./test-support/sessions";
import { errorOf } from "./test-support/trpc-errors";
import { listPstKeys } from "./use-cases/keys/list-pst-keys";

const HOUR = 3_600_000;
const received = new Date("2026-11-30T09:00:00Z");

let t: TestDatabase;
let db: Db;
let pst1: TestUserSession;
let pst2: TestUserSession;
let fixer: TestUserSession;
let engineerOfB: TestUserSession;

const api = async (session: TestUserSession | null, caseNow: Date = received) =>
  adminCallerAs(db, session, { now: received, caseNow });

/** A report taken through triage by the PST as people do it: acknowledged, then accepted (the rotation leads). */
async function acceptedCase(): Promise<{ id: string; lead: TestUserSession; other: TestUserSession }> {
  const report = await submitTestReport(db, {
    pstKeys: await listPstKeys({ db, now: received }),
    now: received,
  });
  const id = report.reportId;
  await (await api(pst1)).cases.decide({ reportId: id, command: { type: "acknowledge" } });
  const { fixLeadId } = await (await api(pst1)).cases.decide({ reportId: id, command: { type: "accept" } });
  const lead = fixLeadId === pst1.userId ? pst1 : pst2;
  return { id, lead, other: lead === pst1 ? pst2 : pst1 };
}

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await installJobQueue(t.url);
  await seedDemo(db);
  pst1 = await sessionFor(db, "pst1@demo.disclose.test", { now: received });
  pst2 = await sessionFor(db, "pst2@demo.disclose.test", { now: received });
  fixer = await sessionFor(db, "fixer@demo.disclose.test", { now: received });
  engineerOfB = await userWithSession(db, [], { now: received });
}, 120_000);
afterAll(() => t?.drop());

describe("cases apart from reports", () => {
  it("opens a case with the report's id and a first vulnerability when the report is accepted", async () => {
    const { id } = await acceptedCase();
    const kase = await db.case.findUniqueOrThrow({
      where: { id },
      include: { vulnerabilities: true, reports: true },
    });
    expect(kase.openedAt).toEqual(received);
    expect(kase.vulnerabilities).toHaveLength(1);
    expect(kase.reports.map((r) => r.id)).toEqual([id]);
  });

  it("attaches a duplicate to its original's case, and duplicates marked before the accept when it comes", async () => {
    const keys = await listPstKeys({ db, now: received });
    const original = (await submitTestReport(db, { pstKeys: keys, now: received })).reportId;
    const early = (await submitTestReport(db, { pstKeys: keys, now: received })).reportId;
    const pst = await api(pst1);
    for (const id of [original, early])
      await pst.cases.decide({ reportId: id, command: { type: "acknowledge" } });
    await pst.cases.decide({
      reportId: early,
      command: { type: "mark-duplicate", duplicateOfCaseId: original },
    });
    expect((await db.report.findUniqueOrThrow({ where: { id: early } })).caseId).toBeNull();
    await pst.cases.decide({ reportId: original, command: { type: "accept" } });
    const late = (await submitTestReport(db, { pstKeys: keys, now: received })).reportId;
    await pst.cases.decide({ reportId: late, command: { type: "acknowledge" } });
    await pst.cases.decide({
      reportId: late,
      command: { type: "mark-duplicate", duplicateOfCaseId: original },
    });
    const reports = await db.report.findMany({ where: { caseId: original }, select: { id: true } });
    expect(reports.map((r) => r.id).sort()).toEqual([original, early, late].sort());
    // The reporter of a duplicate still follows their own report, not the case.
    expect(await db.case.count({ where: { id: { in: [early, late] } } })).toBe(0);
  });
});

describe("the case page's timeline and next action", () => {
  it("shows the Fix Team milestone due 24 h after arrival, due soon, then overdue, then done", async () => {
    const { id, lead } = await acceptedCase();
    const at = async (hours: number) =>
      (await api(lead, new Date(received.getTime() + hours * HOUR))).caseWorkflow.get({ reportId: id });
    const first = await at(1);
    const team = () => first.milestones.find((m) => m.id === "fix-team-formed");
    expect(team()?.due).toEqual(new Date(received.getTime() + 24 * HOUR));
    expect(team()?.status).toBe("on-track");
    expect(first.next?.code).toBe("form-fix-team");
    expect((await at(20)).milestones.find((m) => m.id === "fix-team-formed")?.status).toBe("due-soon");
    expect((await at(25)).milestones.find((m) => m.id === "fix-team-formed")?.status).toBe("overdue");
    // The first engineer brought in forms the team.
    await (await api(lead, new Date(received.getTime() + 26 * HOUR))).cases.setFixTeamMember({
      reportId: id,
      userId: fixer.userId,
      member: true,
    });
    const formed = (await at(27)).milestones.find((m) => m.id === "fix-team-formed");
    expect(formed?.status).toBe("done");
    expect(formed?.late).toBe(true);
    const next = (await at(27)).next;
    expect(next).toMatchObject({ code: "start-fix", command: "start-fix" });
  });

  it("offers the next action's button only to who may take it", async () => {
    const { id, other } = await acceptedCase();
    await (await api(pst1)).cases
      .setFixTeamMember({ reportId: id, userId: fixer.userId, member: true })
      .catch(() => {});
    const asOther = await (await api(other)).caseWorkflow.get({ reportId: id });
    expect(asOther.next?.command ?? null).toBeNull();
  });

  it("lets the Fix Lead say the PST alone is the team, once", async () => {
    const { id, lead, other } = await acceptedCase();
    expect((await errorOf((await api(other)).caseWorkflow.markFixTeamFormed({ reportId: id }))).code).toBe(
      "FORBIDDEN",
    );
    const when = new Date(received.getTime() + 2 * HOUR);
    expect(await (await api(lead, when)).caseWorkflow.markFixTeamFormed({ reportId: id })).toEqual({
      fixTeamFormedAt: when,
    });
    expect((await errorOf((await api(lead)).caseWorkflow.markFixTeamFormed({ reportId: id }))).code).toBe(
      "CONFLICT",
    );
    const view = await (await api(lead, when)).caseWorkflow.get({ reportId: id });
    expect(view.mayMarkFixTeamFormed).toBe(false);
    expect(view.milestones.find((m) => m.id === "fix-team-formed")?.completedAt).toEqual(when);
  });
});

describe("the fix-ready guard under concurrency", () => {
  it("never marks a fix ready while its last LGTM is being withdrawn", async () => {
    for (let round = 0; round < 5; round++) {
      const { id, lead } = await acceptedCase();
      await (await api(lead)).cases.setFixTeamMember({ reportId: id, userId: fixer.userId, member: true });
      await (await api(lead)).cases.decide({ reportId: id, command: { type: "start-fix" } });
      const branch = await db.releaseBranch.create({ data: { caseId: id, name: "main" } });
      const commit = await db.fixCommit.create({
        data: {
          caseId: id,
          branchId: branch.id,
          sha: "abcdef1",
          authorId: fixer.userId,
          titleCiphertext: "-----BEGIN PGP MESSAGE-----",
        },
      });
      await db.commitLgtm.create({ data: { commitId: commit.id, userId: lead.userId, at: received } });
      const asLead = await api(lead);
      const [ready, withdrawn] = await Promise.allSettled([
        asLead.cases.decide({ reportId: id, command: { type: "mark-fix-ready" } }),
        asLead.workspace.withdrawLgtm({ reportId: id, commitId: commit.id }),
      ]);
      // One of them wins; never both.
      expect([ready.status, withdrawn.status].filter((s) => s === "fulfilled")).toHaveLength(1);
      const state = (await db.report.findUniqueOrThrow({ where: { id } })).state;
      const lgtms = await db.commitLgtm.count({ where: { commitId: commit.id } });
      expect(state === "fix-ready" ? lgtms : 1).toBe(1);
    }
  });
});

describe("inviting an engineer onto the Fix Team", () => {
  it("makes an account without roles on this case only, mails where to sign in, and forms the team", async () => {
    const { id, lead } = await acceptedCase();
    const email = "new.engineer@example.test";
    const { userId } = await (await api(lead)).caseWorkflow.inviteEngineer({
      reportId: id,
      email: "  New.Engineer@Example.test ",
      name: "New Engineer",
    });
    const user = await db.user.findUniqueOrThrow({ where: { id: userId }, include: { roles: true } });
    expect(user).toMatchObject({ email, name: "New Engineer" });
    expect(user.roles).toEqual([]);
    expect(await db.caseMember.findMany({ where: { userId }, select: { reportId: true } })).toEqual([
      { reportId: id },
    ]);
    const [mail] = await db.outboxMessage.findMany({ where: { toAddress: email } });
    expect(mail?.textBody).toContain("http://localhost:3001");
    expect(mail?.textBody).not.toContain(id);
    expect((await (await api(lead)).caseWorkflow.get({ reportId: id })).fixTeamFormedAt).toEqual(received);
    // Twice, or an address that has an account: choose them from the list instead.
    const again = await errorOf(
      (await api(lead)).caseWorkflow.inviteEngineer({ reportId: id, email, name: "Again" }),
    );
    expect(again).toMatchObject({ code: "CONFLICT" });
    expect(again.message).toMatch(/already has an account/);
  });

  it.each([
    ["not an address", { email: "not-an-address", name: "X" }],
    ["an empty name", { email: "x@example.test", name: " " }],
    ["a text-direction character", { email: "y@example.test", name: "Eve\u202Egnp.exe" }],
  ])("refuses %s", async (_name, engineer) => {
    const { id, lead } = await acceptedCase();
    expect(
      (await errorOf((await api(lead)).caseWorkflow.inviteEngineer({ reportId: id, ...engineer }))).code,
    ).toBe("BAD_REQUEST");
  });

  it("is the Fix Lead's alone", async () => {
    const { id, other } = await acceptedCase();
    const refused = await errorOf(
      (await api(other)).caseWorkflow.inviteEngineer({
        reportId: id,
        email: "z@example.test",
        name: "Z",
      }),
    );
    expect(refused.code).toBe("FORBIDDEN");
    expect(await db.user.count({ where: { email: "z@example.test" } })).toBe(0);
  });
});

describe("the facts the rules need", () => {
  it("records a fact with its reason, audited, and a public disclosure makes every deadline ASAP", async () => {
    const { id, lead } = await acceptedCase();
    const before = await (await api(lead)).caseWorkflow.get({ reportId: id });
    expect(before.facts.map((f) => [f.key, f.value])).toEqual([
      ["alreadyPublic", false],
      ["remotelyExploitable", false],
      ["privilegeEscalation", false],
      ["mitigationAvailable", false],
      ["distributorDisclosureSkipped", false],
    ]);
    expect(before.mayRecordFacts).toBe(true);
    await (await api(lead)).caseWorkflow.recordFact({
      reportId: id,
      change: { fact: "alreadyPublic", value: true, reason: "Posted on a public forum today." },
    });
    const after = await (await api(lead)).caseWorkflow.get({ reportId: id });
    expect(after.isPublic).toBe(true);
    for (const m of after.milestones.filter(
      (m) => m.status !== "not-applicable" && m.id !== "retrospective",
    )) {
      expect(m.asap, m.id).toBe(true);
    }
    // The inbox puts it on top.
    expect((await db.report.findUniqueOrThrow({ where: { id } })).alreadyPublic).toBe(true);
    const [event] = await txQuery<{ data: { fact: string; reason: string; from: boolean; to: boolean } }>(
      db,
      `SELECT data FROM audit_events WHERE action = 'case.fact_changed' AND subject_id = $1`,
      [id],
    );
    expect(event?.data).toMatchObject({
      fact: "alreadyPublic",
      from: false,
      to: true,
      reason: "Posted on a public forum today.",
    });
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("remembers when a mitigation first existed (the notice may come then)", async () => {
    const { id, lead } = await acceptedCase();
    const when = new Date(received.getTime() + 5 * HOUR);
    await (await api(lead, when)).caseWorkflow.recordFact({
      reportId: id,
      change: { fact: "mitigationAvailable", value: true, reason: "Disable the plugin." },
    });
    expect((await db.case.findUniqueOrThrow({ where: { id } })).mitigationAvailableAt).toEqual(when);
  });

  it.each([
    ["no reason", { fact: "remotelyExploitable", value: true, reason: "  " }, "BAD_REQUEST"],
    ["a control character", { fact: "remotelyExploitable", value: true, reason: "why\u0007" }, "BAD_REQUEST"],
    ["an unknown fact", { fact: "isAdmin", value: true, reason: "x" }, "BAD_REQUEST"],
    ["the value it has", { fact: "privilegeEscalation", value: false, reason: "no change" }, "BAD_REQUEST"],
    [
      "a reason of 2,001 characters",
      { fact: "remotelyExploitable", value: true, reason: "x".repeat(2001) },
      "BAD_REQUEST",
    ],
  ])("refuses %s with a clear message", async (_name, change, code) => {
    const { id, lead } = await acceptedCase();
    const refused = await errorOf(
      (await api(lead)).caseWorkflow.recordFact({ reportId: id, change: change as never }),
    );
    expect(refused.code).toBe(code);
    expect(refused.message).not.toMatch(/prisma|sql|internal/i);
  });

  it("lets only the Fix Lead record facts; another case's engineer does not even see the case", async () => {
    const { id, other } = await acceptedCase();
    const change = { fact: "remotelyExploitable" as const, value: true, reason: "Reachable over DNS." };
    expect((await errorOf((await api(other)).caseWorkflow.recordFact({ reportId: id, change }))).code).toBe(
      "FORBIDDEN",
    );
    const b = await acceptedCase();
    await (await api(b.lead)).cases.setFixTeamMember({
      reportId: b.id,
      userId: engineerOfB.userId,
      member: true,
    });
    const asB = await api(engineerOfB);
    for (const call of [
      () => asB.caseWorkflow.get({ reportId: id }),
      () => asB.caseWorkflow.recordFact({ reportId: id, change }),
      () => asB.caseWorkflow.markFixTeamFormed({ reportId: id }),
    ]) {
      expect((await errorOf(call())).code).toBe("NOT_FOUND");
    }
    // Their own case they see.
    expect((await (await api(engineerOfB)).caseWorkflow.get({ reportId: b.id })).isCase).toBe(true);
  });

  it("keeps the Fix Team as it was once the case is closed", async () => {
    const { id, lead } = await acceptedCase();
    await db.report.update({ where: { id }, data: { state: "closed" } });
    const asLead = await api(lead);
    expect((await asLead.cases.get({ reportId: id })).mayManageFixTeam).toBe(false);
    expect((await asLead.caseWorkflow.get({ reportId: id })).mayMarkFixTeamFormed).toBe(false);
    for (const call of [
      () => asLead.cases.setFixTeamMember({ reportId: id, userId: fixer.userId, member: true }),
      () => asLead.caseWorkflow.markFixTeamFormed({ reportId: id }),
      () => asLead.caseWorkflow.inviteEngineer({ reportId: id, email: "late@example.test", name: "Late" }),
    ]) {
      expect(await errorOf(call())).toMatchObject({ code: "CONFLICT" });
    }
    expect(await db.caseMember.count({ where: { reportId: id } })).toBe(0);
  });

  it("offers no fact change once the case is closed, and refuses one", async () => {
    const { id, lead } = await acceptedCase();
    await db.report.update({ where: { id }, data: { state: "closed" } });
    expect((await (await api(lead)).caseWorkflow.get({ reportId: id })).mayRecordFacts).toBe(false);
    const refused = await errorOf(
      (await api(lead)).caseWorkflow.recordFact({
        reportId: id,
        change: { fact: "mitigationAvailable", value: true, reason: "Too late." },
      }),
    );
    expect(refused.message).toMatch(/closed/i);
  });

  it("has no facts to record on a report still in triage", async () => {
    const report = await submitTestReport(db, {
      pstKeys: await listPstKeys({ db, now: received }),
      now: received,
    });
    const view = await (await api(pst1)).caseWorkflow.get({ reportId: report.reportId });
    expect(view).toMatchObject({ isCase: false, facts: [], mayRecordFacts: false });
    expect(view.next?.code).toBe("acknowledge");
  });
});
