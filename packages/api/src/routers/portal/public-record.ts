import { createTRPCRouter, publicProcedure } from "../../trpc";
import { getPublicRecord, ZPublicRecord } from "../../use-cases/metrics/public-record";

/** The public record of released cases (null while the PST has not chosen to publish it). */
export const portalPublicRecordRouter = createTRPCRouter({
  get: publicProcedure
    .output(ZPublicRecord.nullable())
    .query(({ ctx }) => getPublicRecord({ db: ctx.db, now: ctx.caseNow })),
});
