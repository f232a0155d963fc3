import type { AuthzFixture, AuthzRows } from "./fixture";

const LOW = "CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N"; // 1.8 Low
const DAY_MS = 24 * 60 * 60 * 1000;

/** The case's record with its vulnerabilities (one per vector), unless it has one already. */
async function caseRecord(fx: AuthzFixture, reportId: string, vectors: (string | null)[]): Promise<void> {
  await fx.db.case.upsert({
    where: { id: reportId },
    create: {
      id: reportId,
      openedAt: fx.now,
      vulnerabilities: {
        create: vectors.map((cvssVector, i) => ({ position: i + 1, cvssVector })),
      },
    },
    update: {},
  });
}

/** A fresh case shaped like case A (same Fix Lead and Fix Team) with its record: for calls that change a case. */
async function freshCase(fx: AuthzFixture, vectors: (string | null)[] = [null]): Promise<string> {
  const reportId = await fx.caseLikeA();
  await caseRecord(fx, reportId, vectors);
  return reportId;
}

async function firstVulnerability(fx: AuthzFixture, reportId: string): Promise<string> {
  const v = await fx.db.vulnerability.findFirstOrThrow({
    where: { caseId: reportId },
    orderBy: { position: "asc" },
  });
  return v.id;
}

/** Rows of the authorization matrix for the `vulnerabilities` router. */
export const vulnerabilitiesRows: AuthzRows = (fx) => ({
  // MITRE's public catalogue: every signed-in staff member.
  "vulnerabilities.searchCwe": { input: async () => ({ query: "cross-site" }), allowed: () => true },
  // Reading: the staff on the case (the PST, its Fix Lead and Fix Team).
  "vulnerabilities.list": {
    input: async () => {
      await caseRecord(fx, fx.caseA.id, [null]);
      return { reportId: fx.caseA.id };
    },
    allowed: fx.onCase("case.view-summary"),
  },
  // The encrypted report (the caller's own packet only), for the reporter's vector: who reads the report.
  "vulnerabilities.reporterProposal": {
    input: async () => ({ reportId: fx.caseA.id }),
    allowed: fx.onCase("report.read"),
  },
  // Changes: the Fix Lead's call only.
  "vulnerabilities.add": {
    input: async () => ({ reportId: await freshCase(fx) }),
    allowed: fx.onCase("cvss.finalize"),
  },
  "vulnerabilities.remove": {
    input: async () => {
      const reportId = await freshCase(fx, [null, null]);
      return { reportId, vulnerabilityId: await firstVulnerability(fx, reportId) };
    },
    allowed: fx.onCase("cvss.finalize"),
  },
  "vulnerabilities.update": {
    input: async () => {
      const reportId = await freshCase(fx);
      return { reportId, vulnerabilityId: await firstVulnerability(fx, reportId), cweId: "CWE-79" };
    },
    allowed: fx.onCase("cvss.finalize"),
  },
  "vulnerabilities.setCvss": {
    input: async () => {
      const reportId = await freshCase(fx);
      return { reportId, vulnerabilityId: await firstVulnerability(fx, reportId), vector: LOW };
    },
    allowed: fx.onCase("cvss.finalize"),
  },
  // Decisions that move dates: the Fix Lead and the Fix Team.
  "vulnerabilities.recordSlowDown": {
    input: async () => ({
      reportId: await freshCase(fx, [LOW]),
      reason: "Low impact; agreed on the list.",
      discussedAt: "https://lists.example.org/security/2026-11/1",
      newDueDates: { released: new Date(fx.now.getTime() + 28 * DAY_MS) },
    }),
    allowed: fx.onCase("timeline.record-slow-down"),
  },
  "vulnerabilities.recordUpstreamDependency": {
    input: async () => ({
      reportId: await freshCase(fx, [LOW]),
      upstreamProject: "Go",
      upstreamUrl: "https://go.dev/security/",
      reason: "Go discloses first.",
      newDueDates: { released: new Date(fx.now.getTime() + 10 * DAY_MS) },
    }),
    allowed: fx.onCase("timeline.record-slow-down"),
  },
});
