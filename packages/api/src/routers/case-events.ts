import { z } from "zod";
import { createTRPCRouter, staffProcedure } from "../trpc";
import { listCaseEvents, ZCaseEvents } from "../use-cases/case-events/list-case-events";
import { recordCaseEvent, ZRecordCaseEventInput } from "../use-cases/case-events/record-case-event";
import { ZReportId } from "../use-cases/workspace/workspace-access";

/** "Exploit public" and "attacks observed" on a case: what the metrics place among the case's milestones. */
export const caseEventsRouter = createTRPCRouter({
  list: staffProcedure
    .input(z.object({ reportId: ZReportId }))
    .output(ZCaseEvents)
    .query(({ ctx, input }) =>
      listCaseEvents({ db: ctx.db, session: ctx.session, reportId: input.reportId }),
    ),
  record: staffProcedure
    .input(ZRecordCaseEventInput)
    .output(z.object({ eventId: z.string() }))
    .mutation(({ ctx, input }) =>
      recordCaseEvent({ db: ctx.db, session: ctx.session, input, now: ctx.caseNow }),
    ),
});
