import { REPORT_LIMITS } from "@disclose/crypto";
import { z } from "zod";
import { createTRPCRouter, publicProcedure } from "../../trpc";
import { ZCreditOffer } from "../../use-cases/credits/credit-view";
import { decideCredit, ZDecideCreditInput } from "../../use-cases/credits/decide-credit";
import { consumeRateLimit, countersFor, RATE_LIMITS } from "../../use-cases/rate-limits/consume-rate-limit";
import { emailTrackingLink } from "../../use-cases/reports/email-tracking-link";
import {
  getTrackingReaderKeys,
  getTrackingView,
  ZReaderKeys,
  ZTrackingView,
} from "../../use-cases/reports/get-tracking-view";
import { postReporterMessage } from "../../use-cases/reports/post-reporter-message";
import { MAX_TRACKING_TOKEN_CHARS } from "../../use-cases/reports/tracking-token";
import {
  erasePersonalDataOnRequest,
  ZErasureOnRequest,
} from "../../use-cases/retention/erase-personal-data-on-request";

// Any string up to a bound: a malformed token must get the same NOT_FOUND as a wrong one, not a 400.
const ZToken = z.string().max(MAX_TRACKING_TOKEN_CHARS * 4);

/** Every tracking procedure counts against the caller's address first, before any key or token work. */
const trackingProcedure = publicProcedure.use(async ({ ctx, next }) => {
  await consumeRateLimit({
    db: ctx.db,
    counters: countersFor(RATE_LIMITS.trackPerClient, ctx.clientIp),
    now: ctx.now,
  });
  return next();
});

export const portalTrackingRouter = createTRPCRouter({
  view: trackingProcedure
    .meta({ opaqueFields: ["token"] })
    .input(z.object({ token: ZToken }))
    .output(ZTrackingView)
    .query(({ ctx, input }) => getTrackingView({ db: ctx.db, now: ctx.now, token: input.token })),

  /** The keys a reply must be encrypted to besides the reporter's own (the case's readers now). */
  readerKeys: trackingProcedure
    .meta({ opaqueFields: ["token"] })
    .input(z.object({ token: ZToken }))
    .output(ZReaderKeys)
    .query(({ ctx, input }) => getTrackingReaderKeys({ db: ctx.db, now: ctx.now, token: input.token })),

  postMessage: trackingProcedure
    // An armored message of up to 257 kB, as JSON.
    .meta({ maxBodyBytes: 320 * 1024, opaqueFields: ["token"] })
    .input(
      z.object({
        token: ZToken,
        ciphertext: z
          .string()
          .max(
            REPORT_LIMITS.messageCiphertextMaxBytes + 1024,
            `A message is at most ${REPORT_LIMITS.messageMaxChars.toLocaleString("en")} characters; send it in parts.`,
          ),
      }),
    )
    .output(z.object({ messageId: z.string(), createdAt: z.date() }))
    .mutation(({ ctx, input }) =>
      postReporterMessage({ db: ctx.db, now: ctx.now, token: input.token, ciphertext: input.ciphertext }),
    ),

  /** "Erase my email address now": the holder of the link only; repeating it says nothing was left. */
  erasePersonalData: trackingProcedure
    .meta({ opaqueFields: ["token"] })
    .input(z.object({ token: ZToken }))
    .output(ZErasureOnRequest)
    .mutation(({ ctx, input }) =>
      erasePersonalDataOnRequest({ db: ctx.db, now: ctx.now, token: input.token }),
    ),

  emailLink: trackingProcedure
    .meta({ opaqueFields: ["token"] })
    .input(
      z.object({
        token: ZToken,
        email: z.string().max(1000, "This email address does not look valid."),
        link: z.string().max(2000, "This is not your tracking link."),
      }),
    )
    .output(z.object({ queued: z.literal(true) }))
    .mutation(({ ctx, input }) =>
      emailTrackingLink({ db: ctx.db, now: ctx.now, portalUrl: ctx.appUrl, ...input }),
    ),

  /** The reporter's answer to the credit the team offers: accept (the offered name or their own) or decline. */
  decideCredit: trackingProcedure
    .meta({ opaqueFields: ["token"] })
    .input(ZDecideCreditInput.extend({ token: ZToken }))
    .output(ZCreditOffer)
    .mutation(({ ctx, input }) => {
      const { token, ...decision } = input;
      return decideCredit({ db: ctx.db, now: ctx.now, token, input: decision });
    }),
});
