import { z } from "zod";
import { createTRPCRouter, publicProcedure } from "../../trpc";
import { APPLY_MAX_BODY_BYTES, ZApplyRequest } from "../../use-cases/distributors/application-input";
import { MAX_APPLICATION_TOKEN_CHARS } from "../../use-cases/distributors/application-token";
import {
  APPLY_RATE_LIMITS,
  applyToDistributorList,
} from "../../use-cases/distributors/apply-to-distributor-list";
import {
  getApplicationStatus,
  ZApplicationStatus,
} from "../../use-cases/distributors/get-application-status";
import { consumeRateLimit, countersFor } from "../../use-cases/rate-limits/consume-rate-limit";

// Any string up to a bound: a malformed token must get the same NOT_FOUND as a wrong one, not a 400.
const ZToken = z.string().max(MAX_APPLICATION_TOKEN_CHARS * 4);

/** The portal's side of applying to the private distributors list (no account): apply, then follow it. */
export const portalDistributorApplicationsRouter = createTRPCRouter({
  // "apply" is a reserved word in a tRPC router, so the application is submitted.
  submit: publicProcedure
    .meta({ maxBodyBytes: APPLY_MAX_BODY_BYTES })
    // Counted before the input is read or any key is parsed: a flood costs one small upsert per request.
    .use(async ({ ctx, next }) => {
      await consumeRateLimit({
        db: ctx.db,
        counters: [
          ...countersFor(APPLY_RATE_LIMITS.perClient, ctx.clientIp),
          ...countersFor(APPLY_RATE_LIMITS.all, "all"),
        ],
        now: ctx.now,
      });
      return next();
    })
    .input(ZApplyRequest)
    .output(z.object({ trackingToken: z.string(), trackingLink: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const { trackingToken, trackingLink } = await applyToDistributorList({
        db: ctx.db,
        now: ctx.now,
        portalUrl: ctx.appUrl,
        input,
      });
      return { trackingToken, trackingLink };
    }),

  status: publicProcedure
    .meta({ opaqueFields: ["token"] })
    .use(async ({ ctx, next }) => {
      await consumeRateLimit({
        db: ctx.db,
        counters: countersFor(APPLY_RATE_LIMITS.trackPerClient, ctx.clientIp),
        now: ctx.now,
      });
      return next();
    })
    .input(z.object({ token: ZToken }))
    .output(ZApplicationStatus)
    .query(({ ctx, input }) => getApplicationStatus({ db: ctx.db, token: input.token })),
});
