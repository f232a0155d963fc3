// Issue 13: embargo breaks. A member of a notified organisation (or the case's team) reports a leak; the PST
// assesses the damage and decides ("when in doubt, go public as soon as possible"); "release early" lets the
// release guard pass and ends the embargo now; a first damaging leak warns the organisation, a repeat removes it
// (its members' access ends on their next request); the PST can remove one person, and trace a leaked copy's mark.
import { randomUUID } from "node:crypto";
import { type Db, verifyAuditChain } from "@disclose/db";
import { seedDemo } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { installJobQueue } from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminCallerAs } from "./test-support/admin-caller";
import { submitTestReport } from "./test-support/reports";
import { sessionFor, type TestUserSession, userWithSession } from "./test-support/sessions";
import { errorOf } from "./test-support/trpc-errors";
import { releaseEarlyLeakIdsOf } from "./use-cases/distributor-leaks/leak-records";
import { listPstKeys } from "./use-cases/keys/list-pst-keys";

const now = new Date("2026-12-01T12:00:00Z");
const disclosureAt = new Date("2026-12-08T12:00:00Z");
const WHAT = "The patch for the resolver overflow was posted to the public packaging list";

let t: TestDatabase;
let db: Db;
let pst1: TestUserSession;
let pst2: TestUserSession;
let fixer: TestUserSession;
let outsider: TestUserSession;
let m1: TestUserSession;
let m2: TestUserSession;
let o1: TestUserSession;
let o2: TestUserSession;
let stranger: TestUserSession;
let orgA: string;
let orgB: string;
let strangerOrg: string;

type Api = Awaited<ReturnType<typeof adminCallerAs>>;
const api = async (session: TestUserSession | null): Promise<Api> => adminCallerAs(db, session, { now });

async function distributorIn(organizationId: string): Promise<TestUserSession> {
  const s = await userWithSession(db, ["DISTRIBUTOR_MEMBER"], { now });
  await db.distributorMembership.create({ data: { userId: s.userId, organizationId } });
  return s;
}

/**
 * A case under embargo, as the early disclosure leaves it: led by PST member 1, the fixer on its Fix Team, its fix
 * developed (a commit with an LGTM, a release version), the disclosure time a week ahead, organisations notified.
 */
async function embargoedCase(organizations: string[]): Promise<string> {
  const report = await submitTestReport(db, { pstKeys: await listPstKeys({ db, now }), now });
  const id = report.reportId;
  await db.report.update({ where: { id }, data: { state: "distributors-notified", fixLeadId: pst1.userId } });
  await db.caseMember.create({ data: { reportId: id, userId: fixer.userId } });
  await db.case.create({
    data: { id, openedAt: now, disclosureAt, remotelyExploitable: true, distributorsNotifiedAt: now },
  });
  const branch = await db.releaseBranch.create({
    data: { caseId: id, name: "release-1.11", releaseVersion: "1.11.1" },
  });
  const commit = await db.fixCommit.create({
    data: {
      caseId: id,
      branchId: branch.id,
      sha: "a".repeat(40),
      authorId: fixer.userId,
      titleCiphertext: "x",
    },
  });
  await db.commitLgtm.create({ data: { commitId: commit.id, userId: pst2.userId, at: now } });
  for (const organizationId of organizations) {
    await db.distributorNotification.create({
      data: { id: randomUUID(), caseId: id, organizationId, notifiedAt: now },
    });
  }
  return id;
}

const leakInput = (reportId: string, extra: Record<string, unknown> = {}) => ({
  reportId,
  what: WHAT,
  toWhom: "The public packaging mailing list",
  leakedAt: new Date("2026-12-01T09:00:00Z"),
  prevention: "Embargoed patches go to the security team's private list only",
  selfReported: true,
  ...extra,
});

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await installJobQueue(t.url);
  await seedDemo(db);
  pst1 = await sessionFor(db, "pst1@demo.disclose.test", { now });
  pst2 = await sessionFor(db, "pst2@demo.disclose.test", { now });
  fixer = await sessionFor(db, "fixer@demo.disclose.test", { now });
  outsider = await userWithSession(db, [], { now });
  orgA = (
    await db.distributorOrganization.create({
      data: { name: "Acme Linux", securityContact: "security@acme.example", markCode: "ABCDEFGH2345" },
    })
  ).id;
  orgB = (await db.distributorOrganization.create({ data: { name: "Other Distro" } })).id;
  strangerOrg = (await db.distributorOrganization.create({ data: { name: "Not Notified" } })).id;
  m1 = await distributorIn(orgA);
  m2 = await distributorIn(orgA);
  o1 = await distributorIn(orgB);
  o2 = await distributorIn(orgB);
  stranger = await distributorIn(strangerOrg);
}, 120_000);
afterAll(() => t?.drop());

describe("reporting a leak", () => {
  it("records a member's report for their own organisation and tells the PST only that there was one", async () => {
    const caseId = await embargoedCase([orgA, orgB]);
    // A distributor cannot name another organisation: their own is recorded.
    const { leakId } = await (await api(m1)).distributorLeaks.report(
      leakInput(caseId, { organizationId: orgB }),
    );
    const row = await db.distributorLeak.findUniqueOrThrow({ where: { id: leakId } });
    expect(row).toMatchObject({
      organizationId: orgA,
      reportedById: m1.userId,
      state: "reported",
      what: WHAT,
    });
    const mails = await db.outboxMessage.findMany({ where: { subject: { contains: caseId.slice(0, 8) } } });
    expect(mails.length).toBeGreaterThan(0);
    for (const mail of mails) {
      expect(mail.subject).toBe(`A leak was reported on case ${caseId.slice(0, 8)}`);
      expect(`${mail.textBody}${mail.htmlBody}`).not.toContain("resolver");
    }
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { subjectId: caseId, action: "distributor.leak_reported" },
    });
    expect(JSON.stringify(audit.data)).not.toContain("resolver");
  });

  it("lets the case's team report, naming a notified organisation or none", async () => {
    const caseId = await embargoedCase([orgB]);
    await (await api(pst1)).distributorLeaks.report(leakInput(caseId, { organizationId: null }));
    await (await api(fixer)).distributorLeaks.report(
      leakInput(caseId, { organizationId: orgB, selfReported: false }),
    );
    const e = await errorOf(
      (await api(pst1)).distributorLeaks.report(leakInput(caseId, { organizationId: orgA })),
    );
    expect(e.code).toBe("BAD_REQUEST");
    expect(e.message).toContain("notified");
  });

  it("refuses people with no part in the case, and a case not under embargo", async () => {
    const caseId = await embargoedCase([orgA]);
    expect((await errorOf((await api(stranger)).distributorLeaks.report(leakInput(caseId)))).code).toBe(
      "NOT_FOUND",
    );
    expect((await errorOf((await api(outsider)).distributorLeaks.report(leakInput(caseId)))).code).toBe(
      "NOT_FOUND",
    );
    expect((await errorOf((await api(null)).distributorLeaks.report(leakInput(caseId)))).code).toBe(
      "UNAUTHORIZED",
    );
    await db.report.update({ where: { id: caseId }, data: { state: "fix-ready" } });
    expect((await errorOf((await api(pst1)).distributorLeaks.report(leakInput(caseId)))).code).toBe(
      "CONFLICT",
    );
  });

  it("refuses hostile input by field, never with a 500", async () => {
    const caseId = await embargoedCase([orgA]);
    const bad: Record<string, unknown>[] = [
      { what: "" },
      { what: "x".repeat(4001) },
      { toWhom: "evil\u202eliam" },
      { prevention: "   " },
      { leakedAt: new Date("2026-12-02T12:00:00Z") },
      { leakedAt: "yesterday" },
      { selfReported: "yes" },
      { organizationId: "'; DROP TABLE distributor_leaks; --" },
      { reportId: "../../etc/passwd" },
    ];
    for (const extra of bad) {
      const e = await errorOf(
        (await api(pst1)).distributorLeaks.report(
          leakInput(caseId, extra) as Parameters<Api["distributorLeaks"]["report"]>[0],
        ),
      );
      expect(["BAD_REQUEST", "NOT_FOUND"], JSON.stringify(extra)).toContain(e.code);
    }
    expect(await db.distributorLeak.count({ where: { caseId } })).toBe(0);
  });
});

describe("assessing, deciding, and what follows", () => {
  it("lets only the PST assess and decide; a first damaging leak warns; release early ends the embargo", async () => {
    const caseId = await embargoedCase([orgA]);
    const { leakId } = await (await api(m1)).distributorLeaks.report(leakInput(caseId));
    const assess = { leakId, damage: "limited" as const, notes: "Seen by a few list subscribers" };
    expect((await errorOf((await api(fixer)).distributorLeaks.assess(assess))).code).toBe("FORBIDDEN");
    expect((await errorOf((await api(m1)).distributorLeaks.assess(assess))).code).toBe("FORBIDDEN");
    expect((await errorOf((await api(outsider)).distributorLeaks.assess(assess))).code).toBe("NOT_FOUND");
    expect(
      (
        await errorOf(
          (await api(pst1)).distributorLeaks.decide({ leakId, decision: "continue", reason: "x" }),
        )
      ).code,
    ).toBe("CONFLICT");
    // Releasing before the embargo ends needs the decision.
    const early = await errorOf(
      (await api(pst1)).cases.decide({
        reportId: caseId,
        command: { type: "release", earlyReleaseLeakId: leakId },
      }),
    );
    expect(early.message).toContain("release early");

    expect(await (await api(pst1)).distributorLeaks.assess(assess)).toEqual({
      state: "assessed",
      consequence: "warn",
    });
    expect(await db.distributorOrganization.findUniqueOrThrow({ where: { id: orgA } })).toMatchObject({
      status: "warned",
    });
    const warning = await db.outboxMessage.findFirstOrThrow({
      where: { toAddress: "security@acme.example" },
    });
    expect(warning.subject).toContain("warning");
    expect(warning.textBody).not.toContain("resolver");
    expect((await errorOf((await api(pst1)).distributorLeaks.assess(assess))).code).toBe("CONFLICT");

    const view = await (await api(fixer)).distributorLeaks.listForCase({ reportId: caseId });
    expect(view.leaks[0]).toMatchObject({
      state: "assessed",
      recommendedDecision: "continue",
      organizationName: "Acme Linux",
    });
    expect(view).toMatchObject({ mayAssess: false, mayDecide: false });
    expect(view.organizations[0]?.members).toEqual([]);
    expect((await errorOf((await api(m1)).distributorLeaks.listForCase({ reportId: caseId }))).code).toBe(
      "FORBIDDEN",
    );

    const decision = { leakId, decision: "release-early" as const, reason: "Public list: go public now" };
    expect((await errorOf((await api(fixer)).distributorLeaks.decide(decision))).code).toBe("FORBIDDEN");
    const decided = await (await api(pst1)).distributorLeaks.decide(decision);
    expect(decided).toEqual({ state: "decided", disclosureAt: now });
    const kase = await db.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(kase.disclosureAt).toEqual(now);
    expect(kase.disclosureOverrideReason).toContain(leakId.slice(0, 8));
    expect((await errorOf((await api(pst1)).distributorLeaks.decide(decision))).code).toBe("CONFLICT");
    const released = await (await api(pst1)).cases.decide({
      reportId: caseId,
      command: { type: "release", earlyReleaseLeakId: leakId },
    });
    expect(released.state).toBe("released");
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });

  it("feeds the release guard the case's 'release early' decisions only", async () => {
    const caseId = await embargoedCase([orgB]);
    const decidedId = randomUUID();
    const base = {
      caseId,
      reportedAt: now,
      what: "w",
      toWhom: "t",
      leakedAt: now,
      prevention: "p",
      state: "decided",
      damage: "severe",
      decidedAt: now,
    };
    await db.distributorLeak.create({ data: { ...base, id: decidedId, decision: "release-early" } });
    const continued = randomUUID();
    await db.distributorLeak.create({ data: { ...base, id: continued, decision: "continue" } });
    expect(await releaseEarlyLeakIdsOf(db, caseId)).toEqual([decidedId]);
    // The disclosure time is still ahead here: only the decision lets the release through.
    const refused = await errorOf(
      (await api(pst1)).cases.decide({
        reportId: caseId,
        command: { type: "release", earlyReleaseLeakId: continued },
      }),
    );
    expect(refused.code).toBe("CONFLICT");
    const ok = await (await api(pst1)).cases.decide({
      reportId: caseId,
      command: { type: "release", earlyReleaseLeakId: decidedId },
    });
    expect(ok.state).toBe("released");
  });

  it("refuses to continue when the damage is unknown (when in doubt, go public)", async () => {
    const caseId = await embargoedCase([orgB]);
    const { leakId } = await (await api(pst1)).distributorLeaks.report(leakInput(caseId));
    await (await api(pst1)).distributorLeaks.assess({
      leakId,
      damage: "unknown",
      notes: "Cannot tell who saw it",
    });
    const view = await (await api(pst1)).distributorLeaks.listForCase({ reportId: caseId });
    expect(view.leaks[0]?.recommendedDecision).toBe("release-early");
    const e = await errorOf(
      (await api(pst1)).distributorLeaks.decide({
        leakId,
        decision: "continue",
        reason: "We hope nobody saw it",
      }),
    );
    expect(e.message).toContain("when in doubt");
  });

  it("removes an organisation that leaks again, ending its members' access on their next request", async () => {
    const caseId = await embargoedCase([orgA]);
    expect((await (await api(m2)).distributorFeedback.recipients({ reportId: caseId })).mayWrite).toBe(true);
    const { leakId } = await (await api(pst1)).distributorLeaks.report(
      leakInput(caseId, { organizationId: orgA }),
    );
    const r = await (await api(pst1)).distributorLeaks.assess({
      leakId,
      damage: "severe",
      notes: "Posted publicly",
    });
    expect(r.consequence).toBe("remove");
    const org = await db.distributorOrganization.findUniqueOrThrow({ where: { id: orgA } });
    expect(org).toMatchObject({ status: "removed", removedAt: now });
    expect(org.removedReason).toContain("leaked again");
    expect(
      await db.distributorMembership.count({ where: { organizationId: orgA, status: { not: "removed" } } }),
    ).toBe(0);
    for (const member of [m1, m2]) {
      expect(
        (await errorOf((await api(member)).distributorFeedback.recipients({ reportId: caseId }))).code,
      ).toBe("NOT_FOUND");
      expect((await errorOf((await api(member)).distributorLeaks.report(leakInput(caseId)))).code).not.toBe(
        "OK",
      );
    }
    const removal = await db.outboxMessage.findFirstOrThrow({
      where: { toAddress: "security@acme.example", subject: { contains: "removed" } },
    });
    expect(removal.textBody).toContain("leaked again");
  });
});

describe("removing one person", () => {
  it("ends only that member's access, by the PST only", async () => {
    const caseId = await embargoedCase([orgB]);
    const input = { userId: o1.userId, reason: "Forwarded the embargoed patch to a customer" };
    expect((await errorOf((await api(fixer)).distributorLeaks.removePerson(input))).code).toBe("FORBIDDEN");
    expect((await errorOf((await api(o2)).distributorLeaks.removePerson(input))).code).toBe("FORBIDDEN");
    expect(await (await api(pst1)).distributorLeaks.removePerson(input)).toEqual({ status: "removed" });
    expect((await errorOf((await api(o1)).distributorFeedback.recipients({ reportId: caseId }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await (await api(o2)).distributorFeedback.recipients({ reportId: caseId })).mayWrite).toBe(true);
    expect((await errorOf((await api(pst1)).distributorLeaks.removePerson(input))).code).toBe("CONFLICT");
    const unknown = await errorOf(
      (await api(pst1)).distributorLeaks.removePerson({ userId: "nobody", reason: "No such person here" }),
    );
    expect(unknown.code).toBe("NOT_FOUND");
    expect(
      await db.auditEvent.count({ where: { action: "distributor.member_removed", subjectId: orgB } }),
    ).toBe(1);
  });
});

describe("tracing a leaked copy's mark", () => {
  it("names the organisation for the PST, and nobody else may ask", async () => {
    const found = await (await api(pst1)).distributorLeaks.traceMark({ mark: "abcdefgh2345" });
    expect(found.organization).toMatchObject({ id: orgA, name: "Acme Linux" });
    expect(
      (await (await api(pst1)).distributorLeaks.traceMark({ mark: "ZZZZZZZZZZZZ" })).organization,
    ).toBeNull();
    for (const mark of ["' OR 1=1 --", "ABCDEFGH234", "ABCDEFGH0189", "x".repeat(65)]) {
      expect((await errorOf((await api(pst1)).distributorLeaks.traceMark({ mark }))).code).toBe(
        "BAD_REQUEST",
      );
    }
    for (const who of [fixer, o2, outsider]) {
      expect(
        (await errorOf((await api(who)).distributorLeaks.traceMark({ mark: "ABCDEFGH2345" }))).code,
      ).toBe("FORBIDDEN");
    }
    // Every lookup is audited, found or not (malformed marks are refused before any).
    expect(await db.auditEvent.count({ where: { action: "distributor.mark_traced" } })).toBe(2);
  });
});
