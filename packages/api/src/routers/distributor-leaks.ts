import { z } from "zod";
import { createTRPCRouter, staffProcedure } from "../trpc";
import { assessDistributorLeak, ZAssessLeakInput } from "../use-cases/distributor-leaks/assess-leak";
import { decideDistributorLeak, ZDecideLeakInput } from "../use-cases/distributor-leaks/decide-leak";
import { listCaseLeaks, ZCaseLeaks } from "../use-cases/distributor-leaks/list-leaks";
import { removeDistributorPerson, ZRemovePersonInput } from "../use-cases/distributor-leaks/remove-person";
import { reportDistributorLeak, ZReportLeakInput } from "../use-cases/distributor-leaks/report-leak";
import { traceMark, ZTraceMarkInput, ZTraceResult } from "../use-cases/distributor-leaks/trace-mark";
import { ZReportId } from "../use-cases/workspace/workspace-access";

/** Embargo breaks: reported by distributors or the team, assessed and decided by the PST; tracing leaked copies. */
export const distributorLeaksRouter = createTRPCRouter({
  report: staffProcedure
    .input(ZReportLeakInput)
    .output(z.object({ leakId: z.string() }))
    .mutation(({ ctx, input }) =>
      reportDistributorLeak({ db: ctx.db, session: ctx.session, input, now: ctx.caseNow }),
    ),
  listForCase: staffProcedure
    .input(z.object({ reportId: ZReportId }))
    .output(ZCaseLeaks)
    .query(({ ctx, input }) => listCaseLeaks({ db: ctx.db, session: ctx.session, reportId: input.reportId })),
  assess: staffProcedure
    .input(ZAssessLeakInput)
    .output(z.object({ state: z.literal("assessed"), consequence: z.enum(["none", "warn", "remove"]) }))
    .mutation(({ ctx, input }) =>
      assessDistributorLeak({ db: ctx.db, session: ctx.session, input, now: ctx.caseNow }),
    ),
  decide: staffProcedure
    .input(ZDecideLeakInput)
    .output(z.object({ state: z.literal("decided"), disclosureAt: z.date().nullable() }))
    .mutation(({ ctx, input }) =>
      decideDistributorLeak({ db: ctx.db, session: ctx.session, input, now: ctx.caseNow }),
    ),
  removePerson: staffProcedure
    .input(ZRemovePersonInput)
    .output(z.object({ status: z.literal("removed") }))
    .mutation(({ ctx, input }) =>
      removeDistributorPerson({ db: ctx.db, session: ctx.session, input, now: ctx.caseNow }),
    ),
  traceMark: staffProcedure
    .input(ZTraceMarkInput)
    .output(ZTraceResult)
    .mutation(({ ctx, input }) => traceMark({ db: ctx.db, session: ctx.session, input, now: ctx.caseNow })),
});
