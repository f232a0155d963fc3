import { canSee } from "../use-cases/cases/case-access";
import type { AuthzRows } from "./fixture";

/** A case record for case A (the fixture makes its report accepted directly, without opening the case). */
async function openCaseA(fx: Parameters<AuthzRows>[0]): Promise<string> {
  await fx.db.case.upsert({ where: { id: fx.caseA.id }, create: { id: fx.caseA.id }, update: {} });
  return fx.caseA.id;
}

/** Rows of the authorization matrix for the `caseWorkflow` router. */
export const caseWorkflowRows: AuthzRows = (fx) => ({
  "caseWorkflow.get": {
    input: async () => ({ reportId: await openCaseA(fx) }),
    allowed: (a) => canSee(a, fx.caseAFacts),
  },
  "caseWorkflow.recordFact": {
    // Flips a fact with no effect on other rows' expectations, on a fresh case each time.
    input: async () => {
      const reportId = await fx.caseLikeA();
      await fx.db.case.create({ data: { id: reportId } });
      return { reportId, change: { fact: "remotelyExploitable", value: true, reason: "authorization test" } };
    },
    allowed: fx.onCase("case.record-facts"),
  },
  "caseWorkflow.inviteEngineer": {
    input: async () => ({
      reportId: await fx.caseLikeA(),
      email: `engineer-${Math.random().toString(36).slice(2)}@example.test`,
      name: "Engineer",
    }),
    allowed: fx.onCase("case.manage-fix-team"),
  },
  "caseWorkflow.markFixTeamFormed": {
    input: async () => {
      const reportId = await fx.caseLikeA();
      await fx.db.case.create({ data: { id: reportId } });
      return { reportId };
    },
    allowed: fx.onCase("case.manage-fix-team"),
  },
});
