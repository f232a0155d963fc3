import type { AuthzFixture, AuthzRows } from "./fixture";

const DAY_MS = 24 * 3_600_000;

/**
 * A fresh case shaped like case A, in `state`, with its case record: calls that change a case never move case A on,
 * and each allowed caller gets past the domain's own refusals to a real answer.
 */
async function caseIn(
  fx: AuthzFixture,
  state: string,
  data: { mitigationAvailable?: boolean; releasedAt?: Date } = {},
): Promise<string> {
  const reportId = await fx.caseLikeA();
  await fx.db.report.update({ where: { id: reportId }, data: { state } });
  await fx.db.case.create({ data: { id: reportId, ...data } });
  return reportId;
}

/** Rows of the authorization matrix for the `release` router. */
export const releaseRows: AuthzRows = (fx) => ({
  // The view holds fix commits and versions: the staff on the case.
  "release.get": { input: async () => ({ reportId: fx.caseA.id }), allowed: fx.onCase("fix.read") },
  "release.noticeText": {
    input: async () => ({
      reportId: await caseIn(fx, "fix-in-progress", { mitigationAvailable: true }),
      projectName: "Demo",
      component: "resolver",
      affectedVersions: ["1.x"],
      mitigationSteps: ["Turn the resolver off."],
      expectedReleaseAt: new Date(fx.now.getTime() + 3 * DAY_MS),
    }),
    allowed: fx.onCase("announcement.send"),
  },
  "release.recordNoticePublished": {
    input: async () => ({
      reportId: await caseIn(fx, "fix-in-progress", { mitigationAvailable: true }),
      url: "https://example.test/issues/1",
      publishedAt: fx.now,
      expectedReleaseAt: new Date(fx.now.getTime() + 3 * DAY_MS),
    }),
    allowed: fx.onCase("announcement.send"),
  },
  "release.setReleaseVersion": {
    input: async () => {
      const reportId = await caseIn(fx, "fix-ready");
      const branch = await fx.db.releaseBranch.create({ data: { caseId: reportId, name: "release-1.2" } });
      return { reportId, branchId: branch.id, version: "1.2.3" };
    },
    allowed: fx.onCase("transition:release"),
  },
  "release.setDisclosureTime": {
    input: async () => {
      // The next Wednesday 15:00 UTC after the fixture's clock: a weekday afternoon, always accepted.
      const at = new Date(fx.now);
      at.setUTCHours(15, 0, 0, 0);
      do at.setUTCDate(at.getUTCDate() + 1);
      while (at.getUTCDay() !== 3);
      return { reportId: await caseIn(fx, "fix-ready"), at };
    },
    allowed: fx.onCase("embargo.set-disclosure-time"),
  },
  "release.completeRetrospective": {
    input: async () => ({
      reportId: await caseIn(fx, "released", { releasedAt: new Date(fx.now.getTime() - DAY_MS) }),
    }),
    allowed: fx.onCase("transition:release"),
  },
});
