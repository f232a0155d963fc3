// Issue 12: "CVSS, the Fix Lead's call". A case's vulnerabilities (CVE, CWE, the Fix Lead's vector), the case's
// CVSS (the highest), the cvss-scored milestone, and the decisions that move dates: a slow-down below 4.0 and an
// upstream project's timeline. Every change audited; refusals in words, never a 500.
import { decryptTextWithKeys, unlockPrivateKey } from "@disclose/crypto";
import { type Db, verifyAuditChain } from "@disclose/db";
import { getDemoPrivateKeys, seedDemo } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { installJobQueue } from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminCallerAs } from "./test-support/admin-caller";
import { submitTestReport } from "./test-support/reports";
import { sessionFor, type TestUserSession, userWithSession } from "./test-support/sessions";
import { errorOf } from "./test-support/trpc-errors";
import { loadCaseTimeline } from "./use-cases/cases/case-timeline";
import { listPstKeys } from "./use-cases/keys/list-pst-keys";

const now = new Date("2026-11-30T12:00:00Z");
const DAY_MS = 24 * 60 * 60 * 1000;

const CRITICAL_31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"; // 9.8
const MEDIUM_31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N"; // 5.3
const LOW_31 = "CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N"; // 1.8
const CRITICAL_40 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"; // 9.3
const LOW_40 = "CVSS:4.0/AV:L/AC:H/AT:P/PR:H/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N"; // 1.0
const MEDIUM_30 = "CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:L/A:N"; // 5.4

let t: TestDatabase;
let db: Db;
let pst1: TestUserSession;
let pst2: TestUserSession;
let fixer: TestUserSession;
let otherEngineer: TestUserSession;
let adminUser: TestUserSession;

const api = async (session: TestUserSession | null, caseNow: Date = now) =>
  adminCallerAs(db, session, { now, caseNow });

/**
 * An accepted case led by `lead` (PST member 1 unless told), the fixer on its Fix Team, with its record and one
 * unscored vulnerability, as accepting it makes it. Received at `now`, so policy dates are now + window.
 */
async function acceptedCase(
  options: { lead?: TestUserSession; public?: boolean; record?: boolean } = {},
): Promise<string> {
  const report = await submitTestReport(db, {
    pstKeys: await listPstKeys({ db, now }),
    now,
    content: { alreadyPublic: options.public ?? false },
  });
  const id = report.reportId;
  await db.report.update({
    where: { id },
    data: { state: "accepted", fixLeadId: (options.lead ?? pst1).userId },
  });
  await db.caseMember.create({ data: { reportId: id, userId: fixer.userId } });
  if (options.record ?? true) {
    await db.case.create({
      data: {
        id,
        openedAt: now,
        alreadyPublic: options.public ?? false,
        vulnerabilities: { create: { position: 1 } },
      },
    });
  }
  return id;
}

async function vulnerabilityIds(reportId: string): Promise<string[]> {
  const rows = await db.vulnerability.findMany({ where: { caseId: reportId }, orderBy: { position: "asc" } });
  return rows.map((r) => r.id);
}

async function auditOf(reportId: string, action: string) {
  return db.auditEvent.findMany({
    where: { subjectType: "report", subjectId: reportId, action },
    orderBy: { seq: "asc" },
  });
}

/** A case with `vectors.length` vulnerabilities scored as given, by the Fix Lead through the API. */
async function scoredCase(vectors: string[], options: { public?: boolean } = {}): Promise<string> {
  const id = await acceptedCase(options);
  const lead = await api(pst1);
  for (let i = 1; i < vectors.length; i++) await lead.vulnerabilities.add({ reportId: id });
  const ids = await vulnerabilityIds(id);
  for (const [i, vector] of vectors.entries()) {
    await lead.vulnerabilities.setCvss({ reportId: id, vulnerabilityId: ids[i] as string, vector });
  }
  return id;
}

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await installJobQueue(t.url);
  await seedDemo(db);
  pst1 = await sessionFor(db, "pst1@demo.disclose.test", { now });
  pst2 = await sessionFor(db, "pst2@demo.disclose.test", { now });
  fixer = await sessionFor(db, "fixer@demo.disclose.test", { now });
  adminUser = await sessionFor(db, "admin@demo.disclose.test", { now });
  otherEngineer = await userWithSession(db, [], { now });
}, 120_000);
afterAll(() => t?.drop());

describe("vulnerabilities.list", () => {
  it("shows a fresh case's one unscored vulnerability, the policy's due dates and what each caller may do", async () => {
    const id = await acceptedCase();
    const asLead = await (await api(pst1)).vulnerabilities.list({ reportId: id });
    expect(asLead.vulnerabilities).toHaveLength(1);
    expect(asLead.vulnerabilities[0]).toMatchObject({
      position: 1,
      cveId: null,
      cweId: null,
      cvssVector: null,
      cvss: null,
      scoredBy: null,
    });
    expect(asLead.caseCvss).toBeNull();
    expect(asLead.cvssScoredAt).toBeNull();
    expect(asLead.decisions).toEqual([]);
    const released = asLead.milestones.find((m) => m.id === "released");
    expect(released?.due).toEqual(new Date(now.getTime() + 21 * DAY_MS));
    expect(released?.movable).toBe(true);
    // Distributors are not notified for a local, non-privilege issue: nothing to move.
    expect(asLead.milestones.find((m) => m.id === "distributors-notified")).toMatchObject({
      status: "not-applicable",
      due: null,
      movable: false,
    });
    expect(asLead.milestones.map((m) => m.id)).not.toContain("retrospective");
    expect(asLead).toMatchObject({ mayEdit: true, mayRecordDecision: true, maySlowDown: false });
    expect(asLead.slowDownBlockedBecause).toBe(
      "Score the case with CVSS first: only scores below 4.0 may slow down.",
    );
    expect(asLead).toMatchObject({ mayRecordUpstream: true, upstreamBlockedBecause: null });

    const asFixer = await (await api(fixer)).vulnerabilities.list({ reportId: id });
    expect(asFixer).toMatchObject({ mayEdit: false, mayRecordDecision: true });
    const asOtherPst = await (await api(pst2)).vulnerabilities.list({ reportId: id });
    expect(asOtherPst).toMatchObject({
      mayEdit: false,
      mayRecordDecision: false,
      maySlowDown: false,
      mayRecordUpstream: false,
    });
  });

  it("is NOT_FOUND for whoever is not on the case, and for ids that name nothing", async () => {
    const id = await acceptedCase();
    for (const who of [otherEngineer, adminUser]) {
      expect((await errorOf((await api(who)).vulnerabilities.list({ reportId: id }))).code).toBe("NOT_FOUND");
    }
    for (const reportId of ["not-a-uuid", "00000000-0000-4000-8000-000000000000", "x".repeat(64)]) {
      expect((await errorOf((await api(pst1)).vulnerabilities.list({ reportId }))).code).toBe("NOT_FOUND");
    }
    expect((await errorOf((await api(null)).vulnerabilities.list({ reportId: id }))).code).toBe(
      "UNAUTHORIZED",
    );
    expect((await errorOf((await api(pst1)).vulnerabilities.list({ reportId: "x".repeat(65) }))).code).toBe(
      "BAD_REQUEST",
    );
  });

  it("refuses a report that is not a case (no case record) with CONFLICT, in words", async () => {
    const id = await acceptedCase({ record: false });
    const error = await errorOf((await api(pst1)).vulnerabilities.list({ reportId: id }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain("is not a case yet");
    const inTriage = await submitTestReport(db, { pstKeys: await listPstKeys({ db, now }), now });
    expect(
      (await errorOf((await api(pst1)).vulnerabilities.list({ reportId: inTriage.reportId }))).code,
    ).toBe("CONFLICT");
  });
});

describe("the Fix Lead's CVSS call", () => {
  it("three vulnerabilities: the case's CVSS is the highest, and cvss-scored is reached when the last one is scored", async () => {
    const id = await acceptedCase();
    const lead = await api(pst1);
    expect(await lead.vulnerabilities.add({ reportId: id })).toMatchObject({ position: 2 });
    expect(await lead.vulnerabilities.add({ reportId: id })).toMatchObject({ position: 3 });
    const [v1, v2, v3] = (await vulnerabilityIds(id)) as [string, string, string];

    const first = await lead.vulnerabilities.setCvss({
      reportId: id,
      vulnerabilityId: v1,
      vector: MEDIUM_31,
    });
    expect(first).toEqual({ vector: MEDIUM_31, score: 5.3, severity: "Medium", cvssScoredAt: null });
    await lead.vulnerabilities.setCvss({ reportId: id, vulnerabilityId: v2, vector: MEDIUM_30 });
    expect((await db.case.findUniqueOrThrow({ where: { id } })).cvssScoredAt).toBeNull();

    // The last one, at a later case clock: that is when the milestone is reached.
    const later = new Date(now.getTime() + 3 * DAY_MS);
    const last = await (await api(pst1, later)).vulnerabilities.setCvss({
      reportId: id,
      vulnerabilityId: v3,
      vector: CRITICAL_40,
    });
    expect(last).toMatchObject({ score: 9.3, severity: "Critical", cvssScoredAt: later });

    const view = await lead.vulnerabilities.list({ reportId: id });
    expect(view.caseCvss).toEqual({
      score: 9.3,
      severity: "Critical",
      vulnerabilityId: v3,
      vector: CRITICAL_40,
    });
    expect(view.vulnerabilities.map((v) => [v.position, v.cvss?.version, v.cvss?.score])).toEqual([
      [1, "3.1", 5.3],
      [2, "3.0", 5.4],
      [3, "4.0", 9.3],
    ]);
    expect(view.vulnerabilities[2]?.scoredBy).toEqual({ id: pst1.userId, name: "Demo PST Member 1" });
    expect(view.vulnerabilities[2]?.scoredAt).toEqual(later);
    expect(view.cvssScoredAt).toEqual(later);
    expect(view.milestones.find((m) => m.id === "cvss-scored")).toMatchObject({
      status: "done",
      completedAt: later,
    });
    const timeline = await loadCaseTimeline(db, id, later);
    expect(timeline?.input.cvssScore).toBe(9.3);
    expect(timeline?.timeline.milestones.find((m) => m.id === "cvss-scored")?.completedAt).toEqual(later);

    const events = await auditOf(id, "case.cvss_set");
    expect(events.map((e) => e.data)).toEqual([
      {
        vulnerabilityId: v1,
        position: 1,
        from: null,
        to: MEDIUM_31,
        score: 5.3,
        summary: "Vulnerability 1: CVSS 5.3 Medium",
      },
      {
        vulnerabilityId: v2,
        position: 2,
        from: null,
        to: MEDIUM_30,
        score: 5.4,
        summary: "Vulnerability 2: CVSS 5.4 Medium",
      },
      {
        vulnerabilityId: v3,
        position: 3,
        from: null,
        to: CRITICAL_40,
        score: 9.3,
        milestone: "cvss-scored",
        summary: "Vulnerability 3: CVSS 9.3 Critical (every vulnerability scored)",
      },
    ]);
    expect(events.every((e) => e.actorId === pst1.userId)).toBe(true);
    expect((await auditOf(id, "case.vulnerability_added")).map((e) => e.data)).toEqual([
      { vulnerabilityId: v2, position: 2, summary: "Vulnerability 2 added" },
      { vulnerabilityId: v3, position: 3, summary: "Vulnerability 3 added" },
    ]);
  });

  it("a vector changed and cleared again: audited from → to, the milestone stays, the page shows it unscored", async () => {
    const id = await scoredCase([CRITICAL_31]);
    const [v1] = (await vulnerabilityIds(id)) as [string];
    const scoredAt = (await db.case.findUniqueOrThrow({ where: { id } })).cvssScoredAt;
    expect(scoredAt).toEqual(now);
    const lead = await api(pst1, new Date(now.getTime() + DAY_MS));
    await lead.vulnerabilities.setCvss({ reportId: id, vulnerabilityId: v1, vector: LOW_40 });
    expect((await lead.vulnerabilities.list({ reportId: id })).caseCvss?.score).toBe(1);
    const cleared = await lead.vulnerabilities.setCvss({ reportId: id, vulnerabilityId: v1, vector: null });
    expect(cleared).toEqual({ vector: null, score: null, severity: null, cvssScoredAt: scoredAt });
    const view = await lead.vulnerabilities.list({ reportId: id });
    expect(view.vulnerabilities[0]).toMatchObject({
      cvssVector: null,
      cvss: null,
      scoredBy: null,
      scoredAt: null,
    });
    expect(view.caseCvss).toBeNull();
    expect(view.cvssScoredAt).toEqual(scoredAt);
    expect((await auditOf(id, "case.cvss_set")).slice(1).map((e) => e.data)).toEqual([
      {
        vulnerabilityId: v1,
        position: 1,
        from: CRITICAL_31,
        to: LOW_40,
        score: 1,
        summary: "Vulnerability 1: CVSS 1.0 Low",
      },
      {
        vulnerabilityId: v1,
        position: 1,
        from: LOW_40,
        to: null,
        score: null,
        summary: "Vulnerability 1: CVSS cleared",
      },
    ]);
    // The same vector again changes nothing and logs nothing.
    await lead.vulnerabilities.setCvss({ reportId: id, vulnerabilityId: v1, vector: null });
    expect(await auditOf(id, "case.cvss_set")).toHaveLength(3);
  });

  it("refuses invalid vectors with the domain's words, naming the metric; nothing is stored or logged", async () => {
    const id = await acceptedCase();
    const [v1] = (await vulnerabilityIds(id)) as [string];
    const lead = await api(pst1);
    const cases: [string, RegExp][] = [
      ["CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", /\(AV\)/],
      ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", /\(A\) is mandatory/],
      ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:H", /\(A\) appears more than once/],
      ["CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", /\(AV\) must come before AC/],
      ["CVSS:3.1/av:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", /"av" is not a CVSS 3.1 metric/],
      ["CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", /must start with/],
      [" CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", /must start with/],
      ["CVSS:3.1/AV:N\u0007/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", /\(AV\)/],
      ["", /must start with/],
    ];
    for (const [vector, message] of cases) {
      const error = await errorOf(
        lead.vulnerabilities.setCvss({ reportId: id, vulnerabilityId: v1, vector }),
      );
      expect(error.code, vector).toBe("BAD_REQUEST");
      expect(error.message, vector).toMatch(message);
    }
    const huge = await errorOf(
      lead.vulnerabilities.setCvss({
        reportId: id,
        vulnerabilityId: v1,
        vector: `CVSS:3.1/${"AV:N/".repeat(20_000)}`,
      }),
    );
    expect(huge.code).toBe("BAD_REQUEST");
    expect(huge.message).toMatch(/A CVSS vector is at most 512 characters\./);
    const nul = await errorOf(
      lead.vulnerabilities.setCvss({ reportId: id, vulnerabilityId: v1, vector: "CVSS:3.1/\u0000" }),
    );
    expect(nul.code).toBe("BAD_REQUEST");
    expect((await db.vulnerability.findUniqueOrThrow({ where: { id: v1 } })).cvssVector).toBeNull();
    expect(await auditOf(id, "case.cvss_set")).toHaveLength(0);
  });

  it("only the Fix Lead makes the call: the PST and the Fix Team may not; others do not see the case", async () => {
    const id = await acceptedCase();
    const [v1] = (await vulnerabilityIds(id)) as [string];
    const input = { reportId: id, vulnerabilityId: v1, vector: LOW_31 };
    for (const who of [pst2, fixer]) {
      const caller = await api(who);
      expect((await errorOf(caller.vulnerabilities.setCvss(input))).code).toBe("FORBIDDEN");
      expect((await errorOf(caller.vulnerabilities.add({ reportId: id }))).code).toBe("FORBIDDEN");
      expect((await errorOf(caller.vulnerabilities.update({ ...input, cveId: "CVE-2026-40001" }))).code).toBe(
        "FORBIDDEN",
      );
      expect((await errorOf(caller.vulnerabilities.remove(input))).code).toBe("FORBIDDEN");
    }
    for (const who of [otherEngineer, adminUser]) {
      expect((await errorOf((await api(who)).vulnerabilities.setCvss(input))).code).toBe("NOT_FOUND");
    }
    expect(await db.vulnerability.count({ where: { caseId: id } })).toBe(1);
    expect((await db.vulnerability.findUniqueOrThrow({ where: { id: v1 } })).cvssVector).toBeNull();
  });

  it("another case's vulnerability, an unknown or malformed id: NOT_FOUND, even for the Fix Lead of both", async () => {
    const caseA = await acceptedCase();
    const caseB = await acceptedCase();
    const [ofB] = (await vulnerabilityIds(caseB)) as [string];
    const lead = await api(pst1);
    for (const vulnerabilityId of [
      ofB,
      "00000000-0000-4000-8000-000000000000",
      "1; DROP TABLE cases",
      "v".repeat(64),
    ]) {
      const ref = { reportId: caseA, vulnerabilityId };
      expect((await errorOf(lead.vulnerabilities.setCvss({ ...ref, vector: LOW_31 }))).code).toBe(
        "NOT_FOUND",
      );
      expect((await errorOf(lead.vulnerabilities.update({ ...ref, cweId: "CWE-79" }))).code).toBe(
        "NOT_FOUND",
      );
      expect((await errorOf(lead.vulnerabilities.remove(ref))).code).toBe("NOT_FOUND");
    }
    expect(await db.vulnerability.findUniqueOrThrow({ where: { id: ofB } })).toMatchObject({
      cvssVector: null,
      cweId: null,
    });
  });
});

describe("CVE and CWE", () => {
  it("sets, changes and clears them, audited from → to", async () => {
    const id = await acceptedCase();
    const [v1] = (await vulnerabilityIds(id)) as [string];
    const lead = await api(pst1);
    const ref = { reportId: id, vulnerabilityId: v1 };
    expect(await lead.vulnerabilities.update({ ...ref, cveId: "CVE-2026-10001", cweId: "CWE-787" })).toEqual({
      cveId: "CVE-2026-10001",
      cweId: "CWE-787",
    });
    // Only what is given changes.
    expect(await lead.vulnerabilities.update({ ...ref, cweId: "CWE-79" })).toEqual({
      cveId: "CVE-2026-10001",
      cweId: "CWE-79",
    });
    expect(await lead.vulnerabilities.update({ ...ref, cveId: null, cweId: "" })).toEqual({
      cveId: null,
      cweId: null,
    });
    expect((await auditOf(id, "case.vulnerability_updated")).map((e) => e.data)).toEqual([
      {
        vulnerabilityId: v1,
        position: 1,
        cveId: { from: null, to: "CVE-2026-10001" },
        cweId: { from: null, to: "CWE-787" },
        summary: "Vulnerability 1: CVE CVE-2026-10001 (was none), CWE CWE-787 (was none)",
      },
      {
        vulnerabilityId: v1,
        position: 1,
        cweId: { from: "CWE-787", to: "CWE-79" },
        summary: "Vulnerability 1: CWE CWE-79 (was CWE-787)",
      },
      {
        vulnerabilityId: v1,
        position: 1,
        cveId: { from: "CVE-2026-10001", to: null },
        cweId: { from: "CWE-79", to: null },
        summary: "Vulnerability 1: CVE cleared (was CVE-2026-10001), CWE cleared (was CWE-79)",
      },
    ]);
  });

  it("takes a CWE from MITRE's catalogue only, which staff search by number or words", async () => {
    const id = await acceptedCase();
    const [v1] = (await vulnerabilityIds(id)) as [string];
    const lead = await api(pst1);
    const ref = { reportId: id, vulnerabilityId: v1 };
    const unknown = await lead.vulnerabilities
      .update({ ...ref, cweId: "CWE-99999" })
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({ message: expect.stringMatching(/not a weakness in the CWE catalogue/) });
    expect((await lead.vulnerabilities.list({ reportId: id })).vulnerabilities[0]?.cweId).toBeNull();
    const found = await lead.vulnerabilities.searchCwe({ query: "cross-site scripting" });
    expect(found[0]).toMatchObject({ id: "CWE-79" });
    expect((await lead.vulnerabilities.searchCwe({ query: "787" }))[0]?.id).toBe("CWE-787");
    expect(await lead.vulnerabilities.searchCwe({ query: "%_'); DROP TABLE x; --" })).toEqual([]);
  });

  it("refuses malformed IDs with the domain's words (no trimming, no control characters, no huge strings)", async () => {
    const id = await acceptedCase();
    const [v1] = (await vulnerabilityIds(id)) as [string];
    const lead = await api(pst1);
    const ref = { reportId: id, vulnerabilityId: v1 };
    for (const cveId of [
      "cve-2026-1234",
      "CVE-2026-123",
      " CVE-2026-1234",
      "CVE-2026-1234\n",
      "CVE-1998-1234",
    ]) {
      const error = await errorOf(lead.vulnerabilities.update({ ...ref, cveId }));
      expect(error, cveId).toMatchObject({
        code: "BAD_REQUEST",
        message: "Enter a CVE ID like CVE-2026-12345.",
      });
    }
    for (const cweId of ["CWE-0", "cwe-79", "CWE-79\u202e", "79"]) {
      const error = await errorOf(lead.vulnerabilities.update({ ...ref, cweId }));
      expect(error, cweId).toMatchObject({ code: "BAD_REQUEST", message: "Enter a CWE ID like CWE-79." });
    }
    expect((await errorOf(lead.vulnerabilities.update({ ...ref, cveId: "C".repeat(100_000) }))).code).toBe(
      "BAD_REQUEST",
    );
    expect(await auditOf(id, "case.vulnerability_updated")).toHaveLength(0);
  });

  it("a CVE already given to another vulnerability, here or in another case: a clear refusal, not a 500", async () => {
    const caseA = await acceptedCase();
    const lead = await api(pst1);
    await lead.vulnerabilities.add({ reportId: caseA });
    const [a1, a2] = (await vulnerabilityIds(caseA)) as [string, string];
    await lead.vulnerabilities.update({ reportId: caseA, vulnerabilityId: a1, cveId: "CVE-2026-20001" });
    const here = await errorOf(
      lead.vulnerabilities.update({ reportId: caseA, vulnerabilityId: a2, cveId: "CVE-2026-20001" }),
    );
    expect(here).toMatchObject({
      code: "CONFLICT",
      message: "CVE-2026-20001 is already given to vulnerability 1 of this case.",
    });
    // Giving it to the vulnerability that has it already is no change.
    await lead.vulnerabilities.update({ reportId: caseA, vulnerabilityId: a1, cveId: "CVE-2026-20001" });

    const caseB = await acceptedCase();
    const [b1] = (await vulnerabilityIds(caseB)) as [string];
    const there = await errorOf(
      lead.vulnerabilities.update({ reportId: caseB, vulnerabilityId: b1, cveId: "CVE-2026-20001" }),
    );
    expect(there).toMatchObject({
      code: "CONFLICT",
      message: `CVE-2026-20001 is already given to vulnerability 1 of case ${caseA.slice(0, 8)}.`,
    });
    // A Fix Lead who may not see case A is not told which case has it.
    const outsider = await userWithSession(db, [], { now });
    const caseC = await acceptedCase({ lead: outsider });
    const [c1] = (await vulnerabilityIds(caseC)) as [string];
    const hidden = await errorOf(
      (await api(outsider)).vulnerabilities.update({
        reportId: caseC,
        vulnerabilityId: c1,
        cveId: "CVE-2026-20001",
      }),
    );
    expect(hidden).toMatchObject({
      code: "CONFLICT",
      message: "CVE-2026-20001 is already given to a vulnerability of another case.",
    });
    expect(hidden.message).not.toContain(caseA.slice(0, 8));
    expect(await db.vulnerability.count({ where: { cveId: "CVE-2026-20001" } })).toBe(1);
  });
});

describe("adding and removing vulnerabilities", () => {
  it("removes one (the rest move up), never the last one, and completes cvss-scored when the unscored one goes", async () => {
    const id = await scoredCase([MEDIUM_31, CRITICAL_31]);
    const lead = await api(pst1);
    await lead.vulnerabilities.add({ reportId: id });
    const [v1, v2, v3] = (await vulnerabilityIds(id)) as [string, string, string];
    // Scored once already (two of two); the third is unscored but the milestone stays as it was.
    const scoredAt = (await db.case.findUniqueOrThrow({ where: { id } })).cvssScoredAt;
    expect(scoredAt).toEqual(now);

    await lead.vulnerabilities.remove({ reportId: id, vulnerabilityId: v2 });
    const view = await lead.vulnerabilities.list({ reportId: id });
    expect(view.vulnerabilities.map((v) => [v.id, v.position])).toEqual([
      [v1, 1],
      [v3, 2],
    ]);
    expect(view.caseCvss?.score).toBe(5.3);
    expect((await lead.vulnerabilities.add({ reportId: id })).position).toBe(3);
    const removed = await auditOf(id, "case.vulnerability_removed");
    expect(removed.map((e) => e.data)).toEqual([
      {
        vulnerabilityId: v2,
        position: 2,
        cveId: null,
        cweId: null,
        cvssVector: CRITICAL_31,
        summary: "Vulnerability 2 removed",
      },
    ]);

    const single = await acceptedCase();
    const [only] = (await vulnerabilityIds(single)) as [string];
    const last = await errorOf(lead.vulnerabilities.remove({ reportId: single, vulnerabilityId: only }));
    expect(last.code).toBe("CONFLICT");
    expect(last.message).toMatch(/at least one vulnerability/);
  });

  it("removing the only unscored vulnerability reaches cvss-scored", async () => {
    const id = await scoredCase([LOW_31]);
    await db.case.update({ where: { id }, data: { cvssScoredAt: null } });
    const lead = await api(pst1);
    await lead.vulnerabilities.add({ reportId: id });
    const [, unscored] = (await vulnerabilityIds(id)) as [string, string];
    const later = new Date(now.getTime() + 2 * DAY_MS);
    expect(
      await (await api(pst1, later)).vulnerabilities.remove({ reportId: id, vulnerabilityId: unscored }),
    ).toEqual({ removed: true, cvssScoredNow: true });
    expect((await db.case.findUniqueOrThrow({ where: { id } })).cvssScoredAt).toEqual(later);
  });

  it("after the release, a vulnerability is part of the record and is not removed", async () => {
    const id = await acceptedCase();
    const lead = await api(pst1);
    await lead.vulnerabilities.add({ reportId: id });
    const [v1] = (await vulnerabilityIds(id)) as [string];
    await db.report.update({ where: { id }, data: { state: "released" } });
    await db.case.update({ where: { id }, data: { releasedAt: now } });
    const error = await errorOf(lead.vulnerabilities.remove({ reportId: id, vulnerabilityId: v1 }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toMatch(/released/);
    expect(await db.vulnerability.count({ where: { caseId: id } })).toBe(2);
    expect((await lead.vulnerabilities.list({ reportId: id })).released).toBe(true);
  });
});

describe("slowing the release down", () => {
  const releasedDue = () => new Date(now.getTime() + 21 * DAY_MS);
  const decision = (reportId: string, days = 35) => ({
    reportId,
    reason: "Needs local access and high privileges; agreed to ship with the next regular release.",
    discussedAt: "https://lists.example.org/security/2026-11/msg00042.html",
    newDueDates: { released: new Date(now.getTime() + days * DAY_MS) },
  });

  it("below 4.0: recorded by a Fix Team member, the timeline follows it, the decision is listed and audited", async () => {
    const id = await scoredCase([LOW_31, LOW_40]);
    const before = await (await api(fixer)).vulnerabilities.list({ reportId: id });
    expect(before).toMatchObject({ maySlowDown: true, slowDownBlockedBecause: null });
    const decidedAt = new Date(now.getTime() + DAY_MS);
    const recorded = await (await api(fixer, decidedAt)).vulnerabilities.recordSlowDown(decision(id));
    expect(recorded.newDueDates).toEqual({ released: new Date(now.getTime() + 35 * DAY_MS) });

    const timeline = await loadCaseTimeline(db, id, decidedAt);
    const released = timeline?.timeline.milestones.find((m) => m.id === "released");
    expect(released).toMatchObject({
      due: new Date(now.getTime() + 35 * DAY_MS),
      decisionId: recorded.decisionId,
      decisionKind: "slow-down",
    });
    // Other milestones keep the policy's dates.
    expect(timeline?.timeline.milestones.find((m) => m.id === "fix-developed")?.due).toEqual(
      new Date(now.getTime() + 7 * DAY_MS),
    );

    const view = await (await api(pst1)).vulnerabilities.list({ reportId: id });
    expect(view.milestones.find((m) => m.id === "released")).toMatchObject({
      due: new Date(now.getTime() + 35 * DAY_MS),
      decisionId: recorded.decisionId,
    });
    expect(view.decisions).toEqual([
      {
        id: recorded.decisionId,
        kind: "slow-down",
        decidedBy: { id: fixer.userId, name: "Demo Fix Team Member" },
        decidedAt,
        reason: decision(id).reason,
        discussedAt: decision(id).discussedAt,
        upstreamProject: null,
        upstreamUrl: null,
        newDueDates: [{ id: "released", label: "Fix released", due: new Date(now.getTime() + 35 * DAY_MS) }],
        ignoredBecause: [],
      },
    ]);
    const [event] = await auditOf(id, "case.slow_down_recorded");
    expect(event?.actorId).toBe(fixer.userId);
    expect(event?.occurredAt).toEqual(decidedAt);
    expect(event?.data).toEqual({
      decisionId: recorded.decisionId,
      cvssScore: 1.8,
      discussedAt: decision(id).discussedAt,
      reason: decision(id).reason,
      dueDates: {
        released: {
          from: releasedDue().toISOString(),
          to: new Date(now.getTime() + 35 * DAY_MS).toISOString(),
        },
      },
      summary: `Slow-down: Fix released due 2027-01-04 12:00 UTC. ${decision(id).reason}`,
    });
    // The case's history shows what moved and why, in its own words.
    const history = await (await api(pst1)).cases.history({ reportId: id });
    expect(history.events.find((e) => e.details?.startsWith("Slow-down"))?.details).toMatch(
      /^Slow-down: Fix released due 2027-01-04 12:00 UTC\. Needs local access/,
    );

    // A second slow-down starts from the first one's dates: the 35th day may not come back to the 28th.
    const back = await errorOf((await api(pst1)).vulnerabilities.recordSlowDown(decision(id, 28)));
    expect(back.code).toBe("BAD_REQUEST");
    expect(back.message).toMatch(/cannot bring "released" forward/);
  });

  it("when the CVSS later rises to 4.0 or more, the timeline drops the slow-down and the page says why", async () => {
    const id = await scoredCase([LOW_31]);
    const lead = await api(pst1);
    await lead.vulnerabilities.recordSlowDown(decision(id));
    const [v1] = (await vulnerabilityIds(id)) as [string];
    await lead.vulnerabilities.setCvss({ reportId: id, vulnerabilityId: v1, vector: MEDIUM_31 });
    const view = await lead.vulnerabilities.list({ reportId: id });
    expect(view.milestones.find((m) => m.id === "released")?.due).toEqual(releasedDue());
    expect(view.decisions[0]?.ignoredBecause).toEqual([
      "CVSS 5.3 is not below 4.0: the timeline cannot slow down.",
    ]);
    expect(view.maySlowDown).toBe(false);
  });

  it("is refused at 4.0 or more, for a public issue, while a vulnerability is unscored, and before any score", async () => {
    const medium = await scoredCase([LOW_31, MEDIUM_31]);
    const atMedium = await errorOf((await api(pst1)).vulnerabilities.recordSlowDown(decision(medium)));
    expect(atMedium).toMatchObject({
      code: "BAD_REQUEST",
      message: "CVSS 5.3 is not below 4.0: the timeline cannot slow down.",
    });
    expect((await (await api(pst1)).vulnerabilities.list({ reportId: medium })).slowDownBlockedBecause).toBe(
      "CVSS 5.3 is not below 4.0: the timeline cannot slow down.",
    );

    const publicCase = await scoredCase([LOW_31], { public: true });
    const atPublic = await errorOf((await api(pst1)).vulnerabilities.recordSlowDown(decision(publicCase)));
    expect(atPublic.code).toBe("BAD_REQUEST");
    expect(atPublic.message).toContain("The issue is public: every deadline is as soon as possible.");
    expect((await (await api(pst1)).vulnerabilities.list({ reportId: publicCase })).maySlowDown).toBe(false);

    const partly = await scoredCase([LOW_31]);
    await (await api(pst1)).vulnerabilities.add({ reportId: partly });
    const unscored = await errorOf((await api(pst1)).vulnerabilities.recordSlowDown(decision(partly)));
    expect(unscored.message).toMatch(/Score every vulnerability first: vulnerability 2 has no CVSS yet/);
    expect(
      (await (await api(pst1)).vulnerabilities.list({ reportId: partly })).slowDownBlockedBecause,
    ).toMatch(/vulnerability 2/);

    const none = await acceptedCase();
    const notScored = await errorOf((await api(pst1)).vulnerabilities.recordSlowDown(decision(none)));
    expect(notScored.message).toMatch(/Score the case with CVSS first/);
    for (const id of [medium, publicCase, partly, none]) {
      expect(await db.timelineDecision.count({ where: { caseId: id } })).toBe(0);
      expect(await auditOf(id, "case.slow_down_recorded")).toHaveLength(0);
    }
  });

  it("refuses an earlier date, a missing reason or link, no dates, a done or inapplicable milestone, in the domain's words", async () => {
    const id = await scoredCase([LOW_31]);
    const lead = await api(pst1);
    const refusals: [Record<string, unknown>, string | RegExp, string | undefined][] = [
      [
        { newDueDates: { released: new Date(now.getTime() + 20 * DAY_MS) } },
        /A slow-down cannot bring "released" forward/,
        "newDueDates.released",
      ],
      [{ reason: "   " }, "Say why the release slows down.", "reason"],
      [{ discussedAt: "" }, "Link the security@ mailing-list discussion.", "discussedAt"],
      [{ newDueDates: {} }, "Give at least one new date.", "newDueDates"],
      [
        { newDueDates: { "distributors-notified": new Date(now.getTime() + 30 * DAY_MS) } },
        'Milestone "distributors-notified" has no due date to move.',
        "newDueDates.distributors-notified",
      ],
      [
        { newDueDates: { "cvss-scored": new Date(now.getTime() + 30 * DAY_MS) } },
        '"CVSS scored" is already done: its due date no longer moves.',
        "newDueDates.cvss-scored",
      ],
    ];
    for (const [change, message, field] of refusals) {
      const error = await errorOf(lead.vulnerabilities.recordSlowDown({ ...decision(id), ...change }));
      expect(error.code, JSON.stringify(change)).toBe("BAD_REQUEST");
      expect(error.message).toMatch(message);
      const caught = await lead.vulnerabilities
        .recordSlowDown({ ...decision(id), ...change })
        .catch((e: { cause?: { details?: { field?: string } } }) => e.cause?.details?.field);
      expect(caught).toBe(field);
    }
    expect(await db.timelineDecision.count({ where: { caseId: id } })).toBe(0);
  });

  it("hostile input: control characters, huge text, unknown milestones, not-dates, other people", async () => {
    const id = await scoredCase([LOW_31]);
    const lead = await api(pst1);
    const bad: Record<string, unknown>[] = [
      { discussedAt: "https://lists.example.org/x\n\u0007" },
      { discussedAt: "https://lists.example.org/\u202egnp.exe" },
      { reason: "Fine\u0000" },
      { reason: "Fine\u001b[31m" },
      { reason: "x".repeat(2001) },
      { discussedAt: "x".repeat(501) },
      { newDueDates: { retrospective: new Date(now.getTime() + 30 * DAY_MS) } },
      { newDueDates: { released: "2027-01-01" } },
      { newDueDates: { released: new Date(Number.NaN) } },
      { newDueDates: { __proto__: { released: new Date() } } },
    ];
    for (const change of bad) {
      const error = await errorOf(
        lead.vulnerabilities.recordSlowDown({ ...decision(id), ...change } as never),
      );
      expect(error.code, JSON.stringify(change)).toBe("BAD_REQUEST");
    }
    // Not on the case, or on it without the right: refused before any check.
    expect(
      (await errorOf((await api(otherEngineer)).vulnerabilities.recordSlowDown(decision(id)))).code,
    ).toBe("NOT_FOUND");
    expect((await errorOf((await api(pst2)).vulnerabilities.recordSlowDown(decision(id)))).code).toBe(
      "FORBIDDEN",
    );
    expect(await db.timelineDecision.count({ where: { caseId: id } })).toBe(0);
  });
});

describe("an upstream project's timeline", () => {
  const upstream = (reportId: string, days: number) => ({
    reportId,
    upstreamProject: "Go",
    upstreamUrl: "https://go.dev/security/policy",
    reason: "The fix is in Go's standard library; Go discloses on its own date.",
    newDueDates: { released: new Date(now.getTime() + days * DAY_MS) },
  });

  it("moves dates whatever the CVSS, earlier or later, and is listed and audited", async () => {
    const id = await scoredCase([CRITICAL_31]);
    const list = await (await api(pst1)).vulnerabilities.list({ reportId: id });
    expect(list).toMatchObject({ maySlowDown: false, mayRecordUpstream: true });
    const recorded = await (await api(pst1)).vulnerabilities.recordUpstreamDependency(upstream(id, 10));
    const timeline = await loadCaseTimeline(db, id, now);
    expect(timeline?.timeline.milestones.find((m) => m.id === "released")).toMatchObject({
      due: new Date(now.getTime() + 10 * DAY_MS),
      decisionKind: "upstream-dependency",
    });
    const view = await (await api(fixer)).vulnerabilities.list({ reportId: id });
    expect(view.decisions[0]).toMatchObject({
      kind: "upstream-dependency",
      upstreamProject: "Go",
      upstreamUrl: "https://go.dev/security/policy",
      decidedBy: { id: pst1.userId },
      discussedAt: null,
    });
    const [event] = await auditOf(id, "case.upstream_dependency_recorded");
    expect(event?.data).toMatchObject({
      decisionId: recorded.decisionId,
      upstreamProject: "Go",
      upstreamUrl: "https://go.dev/security/policy",
      cvssScore: 9.8,
      dueDates: { released: { to: new Date(now.getTime() + 10 * DAY_MS).toISOString() } },
    });
  });

  it("refuses plain http, a missing project, dates before the report, a public issue, in the domain's words", async () => {
    const id = await scoredCase([CRITICAL_31]);
    const lead = await api(pst1);
    const cases: [Record<string, unknown>, string | RegExp][] = [
      [
        { upstreamUrl: "http://go.dev/security" },
        "Link the upstream project's timeline with an https:// address.",
      ],
      [
        { upstreamUrl: "https://go.dev/\nsecurity" },
        "Link the upstream project's timeline with an https:// address.",
      ],
      [{ upstreamProject: " " }, "Name the upstream project."],
      [{ upstreamProject: "Go\u0007" }, "Name the upstream project without control characters."],
      [{ reason: "" }, "Say why the upstream timeline moves ours."],
      [
        { newDueDates: { released: new Date(now.getTime() - DAY_MS) } },
        /cannot be due before the report arrived/,
      ],
    ];
    for (const [change, message] of cases) {
      const error = await errorOf(
        lead.vulnerabilities.recordUpstreamDependency({ ...upstream(id, 10), ...change }),
      );
      expect(error.code, JSON.stringify(change)).toBe("BAD_REQUEST");
      expect(error.message).toMatch(message);
    }
    const publicCase = await scoredCase([CRITICAL_31], { public: true });
    const atPublic = await errorOf(lead.vulnerabilities.recordUpstreamDependency(upstream(publicCase, 10)));
    expect(atPublic.message).toContain("The issue is public");
    expect((await lead.vulnerabilities.list({ reportId: publicCase })).upstreamBlockedBecause).toBe(
      "The issue is public: every deadline is as soon as possible.",
    );
    expect(await db.timelineDecision.count({ where: { caseId: { in: [id, publicCase] } } })).toBe(0);
  });
});

describe("the reporter's proposal", () => {
  it("serves the encrypted report with the reader's own packet only, audited as a read; not to outsiders", async () => {
    const report = await submitTestReport(db, {
      pstKeys: await listPstKeys({ db, now }),
      now,
      content: { cvssVector: MEDIUM_31 },
    });
    const id = report.reportId;
    await db.report.update({ where: { id }, data: { state: "accepted", fixLeadId: pst1.userId } });
    await db.caseMember.create({ data: { reportId: id, userId: fixer.userId } });
    const served = await (await api(pst1)).vulnerabilities.reporterProposal({ reportId: id });
    const demo = (await getDemoPrivateKeys(db)).find((k) => k.email === "pst1@demo.disclose.test");
    const key = await unlockPrivateKey(demo?.lockedPrivateKey ?? "", demo?.passphrase ?? "");
    const content = JSON.parse(await decryptTextWithKeys(served.ciphertext ?? "", [key]));
    expect(content.cvssVector).toBe(MEDIUM_31);
    const [read] = await auditOf(id, "report.read");
    expect(read).toMatchObject({ actorId: pst1.userId, data: { served: ["report"] } });
    // Not a read of the thread: the inbox's "new message" marker stays as it was.
    expect(await db.reportRead.count({ where: { reportId: id, userId: pst1.userId } })).toBe(0);
    // The fixer has no key yet: nothing is granted to them, so nothing is served.
    expect(
      (await (await api(fixer)).vulnerabilities.reporterProposal({ reportId: id })).ciphertext,
    ).toBeNull();
    for (const who of [otherEngineer, adminUser]) {
      expect((await errorOf((await api(who)).vulnerabilities.reporterProposal({ reportId: id }))).code).toBe(
        "NOT_FOUND",
      );
    }
  });
});

describe("the audit log", () => {
  it("stays a valid chain after all of the above", async () => {
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});
