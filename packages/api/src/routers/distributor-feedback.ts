import { z } from "zod";
import { createTRPCRouter, staffProcedure } from "../trpc";
import {
  feedbackRecipients,
  ZFeedbackRecipients,
} from "../use-cases/distributor-feedback/feedback-recipients";
import {
  listCaseFeedback,
  listOrganizationFeedback,
  ZCaseFeedback,
  ZOrganizationFeedback,
} from "../use-cases/distributor-feedback/list-feedback";
import { submitFeedback, ZSubmitFeedbackInput } from "../use-cases/distributor-feedback/submit-feedback";
import { ZReportId } from "../use-cases/workspace/workspace-access";

/** Details of up to 256 KiB of armor, as JSON. */
const FEEDBACK_BODY_BYTES = 300 * 1024;

/** Distributors contributing back on a case disclosed to them: affected or not, and what their tests found. */
export const distributorFeedbackRouter = createTRPCRouter({
  recipients: staffProcedure
    .input(z.object({ reportId: ZReportId }))
    .output(ZFeedbackRecipients)
    .query(({ ctx, input }) =>
      feedbackRecipients({ db: ctx.db, session: ctx.session, reportId: input.reportId, now: ctx.caseNow }),
    ),
  submit: staffProcedure
    .meta({ maxBodyBytes: FEEDBACK_BODY_BYTES })
    .input(ZSubmitFeedbackInput)
    .output(z.object({ feedbackId: z.string(), createdAt: z.date() }))
    .mutation(({ ctx, input }) =>
      submitFeedback({ db: ctx.db, session: ctx.session, input, now: ctx.caseNow }),
    ),
  listForOrganization: staffProcedure
    .input(z.object({ reportId: ZReportId }))
    .output(ZOrganizationFeedback)
    .query(({ ctx, input }) =>
      listOrganizationFeedback({ db: ctx.db, session: ctx.session, reportId: input.reportId }),
    ),
  listForCase: staffProcedure
    .input(z.object({ reportId: ZReportId }))
    .output(ZCaseFeedback)
    .query(({ ctx, input }) =>
      listCaseFeedback({ db: ctx.db, session: ctx.session, reportId: input.reportId, now: ctx.caseNow }),
    ),
});
