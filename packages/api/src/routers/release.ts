import { z } from "zod";
import { createTRPCRouter, staffProcedure } from "../trpc";
import { completeRetrospective } from "../use-cases/release/complete-retrospective";
import { getRelease, ZReleaseView } from "../use-cases/release/get-release";
import { noticeText, ZNoticeText, ZNoticeTextInput } from "../use-cases/release/notice-text";
import { recordNoticePublished, ZRecordNoticeInput } from "../use-cases/release/record-notice-published";
import {
  setDisclosureTime,
  ZDisclosureTimeResult,
  ZSetDisclosureTimeInput,
} from "../use-cases/release/set-disclosure-time";
import { setReleaseVersion, ZSetReleaseVersionInput } from "../use-cases/release/set-release-version";

const ZReportId = z.object({
  reportId: z.string().trim().min(1, "Choose a report.").max(64, "That is not a report id."),
});

const NOTICE_BODY_BYTES = 192 * 1024;

/**
 * The forthcoming-fix notice, the release (versions, disclosure time; "mark released" itself is cases.decide) and
 * the retrospective.
 */
export const releaseRouter = createTRPCRouter({
  get: staffProcedure
    .input(ZReportId)
    .output(ZReleaseView)
    .query(({ ctx, input }) =>
      getRelease({ db: ctx.db, session: ctx.session, reportId: input.reportId, caseNow: ctx.caseNow }),
    ),
  /** A mutation only because the text's inputs can be long (a query travels in the URL); nothing is stored. */
  noticeText: staffProcedure
    // Up to 20 mitigation steps of 2,000 characters each, as JSON.
    .meta({ maxBodyBytes: NOTICE_BODY_BYTES })
    .input(ZNoticeTextInput)
    .output(ZNoticeText)
    .mutation(({ ctx, input }) =>
      noticeText({ db: ctx.db, session: ctx.session, input, caseNow: ctx.caseNow }),
    ),
  recordNoticePublished: staffProcedure
    .input(ZRecordNoticeInput)
    .output(
      z.object({
        publishedAt: z.date(),
        url: z.string(),
        expectedReleaseAt: z.date(),
        announced: z.number().int().nullable(),
      }),
    )
    .mutation(({ ctx, input }) =>
      recordNoticePublished({ db: ctx.db, session: ctx.session, input, now: ctx.now, caseNow: ctx.caseNow }),
    ),
  setReleaseVersion: staffProcedure
    .input(ZSetReleaseVersionInput)
    .output(z.object({ branchId: z.string(), releaseVersion: z.string() }))
    .mutation(({ ctx, input }) =>
      setReleaseVersion({ db: ctx.db, session: ctx.session, input, now: ctx.now }),
    ),
  setDisclosureTime: staffProcedure
    .input(ZSetDisclosureTimeInput)
    .output(ZDisclosureTimeResult)
    .mutation(({ ctx, input }) =>
      setDisclosureTime({
        db: ctx.db,
        session: ctx.session,
        input,
        adminUrl: ctx.appUrl,
        now: ctx.now,
        caseNow: ctx.caseNow,
      }),
    ),
  completeRetrospective: staffProcedure
    .input(ZReportId)
    .output(z.object({ retrospectiveAt: z.date() }))
    .mutation(({ ctx, input }) =>
      completeRetrospective({
        db: ctx.db,
        session: ctx.session,
        reportId: input.reportId,
        now: ctx.now,
        caseNow: ctx.caseNow,
      }),
    ),
});
