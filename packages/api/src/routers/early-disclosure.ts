import { z } from "zod";
import { createTRPCRouter, staffProcedure } from "../trpc";
import { ZReportId } from "../use-cases/early-disclosure/disclosure-access";
import {
  getDisclosureRecipients,
  ZDisclosureRecipients,
} from "../use-cases/early-disclosure/get-disclosure-recipients";
import { getEarlyDisclosure, ZEarlyDisclosureView } from "../use-cases/early-disclosure/get-early-disclosure";
import {
  notifyDistributors,
  ZNotifyDistributorsResult,
} from "../use-cases/early-disclosure/notify-distributors";
import {
  prepareEarlyDisclosure,
  ZPrepareEarlyDisclosureInput,
  ZPrepareResult,
} from "../use-cases/early-disclosure/prepare-early-disclosure";
import {
  COPIES_UPLOAD_BODY_BYTES,
  uploadDistributorCopies,
  ZUploadCopiesInput,
  ZUploadCopiesResult,
} from "../use-cases/early-disclosure/upload-distributor-copies";

// The use-cases ask the domain ("distributors.select" on the case: its Fix Lead) and the case's early-disclosure
// conditions (the "notify-distributors" guard).

/** The Fix Lead's early disclosure of a case to the private distributors list. */
export const earlyDisclosureRouter = createTRPCRouter({
  get: staffProcedure
    .input(z.object({ reportId: ZReportId }))
    .output(ZEarlyDisclosureView)
    .query(({ ctx, input }) =>
      getEarlyDisclosure({ db: ctx.db, session: ctx.session, reportId: input.reportId, now: ctx.now }),
    ),
  recipients: staffProcedure
    .input(z.object({ reportId: ZReportId }))
    .output(ZDisclosureRecipients)
    .query(({ ctx, input }) =>
      getDisclosureRecipients({ db: ctx.db, session: ctx.session, reportId: input.reportId, now: ctx.now }),
    ),
  prepare: staffProcedure
    .input(ZPrepareEarlyDisclosureInput)
    .output(ZPrepareResult)
    .mutation(({ ctx, input }) =>
      prepareEarlyDisclosure({
        db: ctx.db,
        session: ctx.session,
        input,
        adminUrl: ctx.appUrl,
        now: ctx.now,
        caseNow: ctx.caseNow,
      }),
    ),
  uploadCopies: staffProcedure
    .meta({ maxBodyBytes: COPIES_UPLOAD_BODY_BYTES })
    .input(ZUploadCopiesInput)
    .output(ZUploadCopiesResult)
    .mutation(({ ctx, input }) =>
      uploadDistributorCopies({
        db: ctx.db,
        session: ctx.session,
        input,
        adminUrl: ctx.appUrl,
        now: ctx.now,
      }),
    ),
  notify: staffProcedure
    .input(z.object({ reportId: ZReportId }))
    .output(ZNotifyDistributorsResult)
    .mutation(({ ctx, input }) =>
      notifyDistributors({
        db: ctx.db,
        session: ctx.session,
        reportId: input.reportId,
        adminUrl: ctx.appUrl,
        now: ctx.now,
      }),
    ),
});
