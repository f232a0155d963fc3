import { z } from "zod";
import { createTRPCRouter, publicProcedure } from "../../trpc";
import { confirmSubscription } from "../../use-cases/announcements/confirm-subscription";
import { SUBSCRIBE_RATE_LIMITS } from "../../use-cases/announcements/limits";
import { subscribeToAnnouncements } from "../../use-cases/announcements/subscribe";
import { ZLinkSubscriberId, ZLinkToken } from "../../use-cases/announcements/subscription-input";
import { unsubscribeFromAnnouncements } from "../../use-cases/announcements/unsubscribe";
import { consumeRateLimit, countersFor } from "../../use-cases/rate-limits/consume-rate-limit";

// The address is checked by the use-case (its refusal names the field); here only its size is bounded.
const ZSubscribeRequest = z.object({ email: z.string().max(1_000), forthcoming: z.boolean().default(false) });

/** The portal's security announcements: subscribe (double opt-in), confirm, unsubscribe. No account. */
export const portalAnnouncementsRouter = createTRPCRouter({
  subscribe: publicProcedure
    // Counted before the input is read: a flood costs one small upsert per request.
    .use(async ({ ctx, next }) => {
      await consumeRateLimit({
        db: ctx.db,
        counters: [
          ...countersFor(SUBSCRIBE_RATE_LIMITS.perClient, ctx.clientIp),
          ...countersFor(SUBSCRIBE_RATE_LIMITS.all, "all"),
        ],
        now: ctx.now,
      });
      return next();
    })
    .input(ZSubscribeRequest)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(({ ctx, input }) =>
      subscribeToAnnouncements({ db: ctx.db, now: ctx.now, portalUrl: ctx.appUrl, input }),
    ),

  confirm: publicProcedure
    .meta({ opaqueFields: ["token"] })
    .use(async ({ ctx, next }) => {
      await consumeRateLimit({
        db: ctx.db,
        counters: countersFor(SUBSCRIBE_RATE_LIMITS.linkPerClient, ctx.clientIp),
        now: ctx.now,
      });
      return next();
    })
    .input(z.object({ token: ZLinkToken, forthcoming: z.boolean().default(false) }))
    .output(z.object({ confirmed: z.literal(true), forthcoming: z.boolean() }))
    .mutation(({ ctx, input }) =>
      confirmSubscription({ db: ctx.db, now: ctx.now, token: input.token, forthcoming: input.forthcoming }),
    ),

  unsubscribe: publicProcedure
    .meta({ opaqueFields: ["token"] })
    .use(async ({ ctx, next }) => {
      await consumeRateLimit({
        db: ctx.db,
        counters: countersFor(SUBSCRIBE_RATE_LIMITS.linkPerClient, ctx.clientIp),
        now: ctx.now,
      });
      return next();
    })
    .input(z.object({ subscriberId: ZLinkSubscriberId, token: ZLinkToken }))
    .output(z.object({ unsubscribed: z.literal(true) }))
    .mutation(({ ctx, input }) =>
      unsubscribeFromAnnouncements({
        db: ctx.db,
        now: ctx.now,
        subscriberId: input.subscriberId,
        token: input.token,
      }),
    ),
});
