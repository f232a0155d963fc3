import { ZPolicyFactChange } from "@disclose/domain";
import { z } from "zod";
import { createTRPCRouter, staffProcedure } from "../trpc";
import { getCaseWorkflow, ZCaseWorkflow } from "../use-cases/case-workflow/get-case-workflow";
import { inviteEngineer, ZInviteEngineerInput } from "../use-cases/case-workflow/invite-engineer";
import { markFixTeamFormed } from "../use-cases/case-workflow/mark-fix-team-formed";
import { recordPolicyFact } from "../use-cases/case-workflow/record-policy-fact";

const ZReportId = z.object({
  reportId: z.string().trim().min(1, "Choose a report.").max(64, "That is not a report id."),
});

/** The case page: its timeline, next action and the facts the rules need (issue 12). */
export const caseWorkflowRouter = createTRPCRouter({
  get: staffProcedure
    .input(ZReportId)
    .output(ZCaseWorkflow)
    .query(({ ctx, input }) =>
      getCaseWorkflow({ db: ctx.db, session: ctx.session, reportId: input.reportId, now: ctx.caseNow }),
    ),
  recordFact: staffProcedure
    .input(ZReportId.extend({ change: ZPolicyFactChange }))
    .output(z.object({ value: z.boolean() }))
    .mutation(({ ctx, input }) =>
      recordPolicyFact({
        db: ctx.db,
        session: ctx.session,
        reportId: input.reportId,
        change: input.change,
        now: ctx.caseNow,
      }),
    ),
  /** The Fix Lead invites an engineer without an account onto this case's Fix Team. */
  inviteEngineer: staffProcedure
    .input(ZReportId.extend(ZInviteEngineerInput.shape))
    .output(z.object({ userId: z.string() }))
    .mutation(({ ctx, input }) =>
      inviteEngineer({
        db: ctx.db,
        session: ctx.session,
        reportId: input.reportId,
        input: { email: input.email, name: input.name },
        adminUrl: ctx.appUrl,
        now: ctx.caseNow,
      }),
    ),
  markFixTeamFormed: staffProcedure
    .input(ZReportId)
    .output(z.object({ fixTeamFormedAt: z.date() }))
    .mutation(({ ctx, input }) =>
      markFixTeamFormed({ db: ctx.db, session: ctx.session, reportId: input.reportId, now: ctx.caseNow }),
    ),
});
