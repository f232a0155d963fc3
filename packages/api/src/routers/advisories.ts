import { z } from "zod";
import { createTRPCRouter, staffProcedure } from "../trpc";
import { ZReportId } from "../use-cases/advisories/advisory-access";
import {
  commentOnAdvisory,
  getDistributorAdvisoryDraft,
  ZCommentOnAdvisoryInput,
  ZDistributorAdvisoryDraft,
} from "../use-cases/advisories/distributor-advisory-draft";
import { getAdvisoryWorkspace, ZAdvisoryWorkspace } from "../use-cases/advisories/get-advisory-workspace";
import { listAdvisoryComments, ZAdvisoryComments } from "../use-cases/advisories/list-advisory-comments";
import {
  publishAdvisory,
  ZPublishAdvisoryInput,
  ZPublishAdvisoryResult,
} from "../use-cases/advisories/publish-advisory";
import { saveAdvisoryDraft, ZSaveAdvisoryDraftInput } from "../use-cases/advisories/save-advisory-draft";
import {
  getDraftRecipients,
  shareAdvisoryDraft,
  ZDraftRecipients,
  ZShareAdvisoryDraftInput,
} from "../use-cases/advisories/share-advisory-draft";
import { withdrawCaseAdvisory, ZWithdrawAdvisoryInput } from "../use-cases/advisories/withdraw-case-advisory";

const ZCase = z.object({ reportId: ZReportId });

// The use-cases authorize each row: the draft is the case team's (who may hold "advisory-draft"); sharing it is
// the Fix Lead's ("distributors.select"); a distributor reads its own organisation's copy once notified.

/** A case's advisory: the sealed draft, its copies for notified distributors and their comments, publishing. */
export const advisoriesRouter = createTRPCRouter({
  workspace: staffProcedure
    .input(ZCase)
    .output(ZAdvisoryWorkspace)
    .query(({ ctx, input }) =>
      getAdvisoryWorkspace({ db: ctx.db, session: ctx.session, reportId: input.reportId, now: ctx.now }),
    ),
  saveDraft: staffProcedure
    .meta({ maxBodyBytes: 1_200_000 })
    .input(ZSaveAdvisoryDraftInput)
    .output(z.object({ draftId: z.string(), createdAt: z.date() }))
    .mutation(({ ctx, input }) =>
      saveAdvisoryDraft({ db: ctx.db, session: ctx.session, input, now: ctx.now }),
    ),
  draftRecipients: staffProcedure
    .input(ZCase)
    .output(ZDraftRecipients)
    .query(({ ctx, input }) =>
      getDraftRecipients({ db: ctx.db, session: ctx.session, reportId: input.reportId, now: ctx.now }),
    ),
  shareDraft: staffProcedure
    .meta({ maxBodyBytes: 8_000_000 })
    .input(ZShareAdvisoryDraftInput)
    .output(z.object({ shared: z.number().int() }))
    .mutation(({ ctx, input }) =>
      shareAdvisoryDraft({ db: ctx.db, session: ctx.session, input, now: ctx.now }),
    ),
  comments: staffProcedure
    .input(ZCase)
    .output(ZAdvisoryComments)
    .query(({ ctx, input }) =>
      listAdvisoryComments({ db: ctx.db, session: ctx.session, reportId: input.reportId, now: ctx.now }),
    ),
  distributorDraft: staffProcedure
    .input(ZCase)
    .output(ZDistributorAdvisoryDraft)
    .query(({ ctx, input }) =>
      getDistributorAdvisoryDraft({
        db: ctx.db,
        session: ctx.session,
        reportId: input.reportId,
        now: ctx.now,
      }),
    ),
  comment: staffProcedure
    .meta({ maxBodyBytes: 400_000 })
    .input(ZCommentOnAdvisoryInput)
    .output(z.object({ commentId: z.string(), createdAt: z.date() }))
    .mutation(({ ctx, input }) =>
      commentOnAdvisory({ db: ctx.db, session: ctx.session, input, now: ctx.now }),
    ),
  publish: staffProcedure
    .meta({ maxBodyBytes: 1_200_000 })
    .input(ZPublishAdvisoryInput)
    .output(ZPublishAdvisoryResult)
    .mutation(({ ctx, input }) => publishAdvisory({ db: ctx.db, session: ctx.session, input, now: ctx.now })),
  withdraw: staffProcedure
    .input(ZWithdrawAdvisoryInput)
    .output(z.object({ publicId: z.string(), revision: z.number().int() }))
    .mutation(({ ctx, input }) =>
      withdrawCaseAdvisory({ db: ctx.db, session: ctx.session, input, now: ctx.now }),
    ),
});
