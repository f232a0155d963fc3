import { secondFactorWaitSeconds } from "@disclose/domain";
import { z } from "zod";
import { sessionSetCookie } from "../auth/session-token";
import type { Context } from "../context";
import { createTRPCRouter, signedInProcedure } from "../trpc";
import { confirmTotpEnrollment } from "../use-cases/auth/confirm-totp-enrollment";
import type { TRenewedSession } from "../use-cases/auth/second-factor-attempts";
import { startTotpEnrollment } from "../use-cases/auth/start-totp-enrollment";
import { verifySecondFactor } from "../use-cases/auth/verify-second-factor";

// Digits of a TOTP code or a recovery code (xxxxx-xxxxx); anything longer is not worth looking at.
const ZCode = z.object({
  code: z
    .string()
    .trim()
    .min(1, "Enter the code.")
    .max(32, "That is longer than any code.")
    .regex(/^[0-9A-Za-z\s-]+$/, "A code has only digits, or letters, digits and a dash."),
});

/**
 * Where the session's new token goes once the second factor passes: a Set-Cookie on this request's response.
 * Checked before any work, so a caller without a response of its own (a server-side caller) changes nothing.
 */
/**
 * Runs a step that replaces the session (passing the second factor) and hands the browser the new cookie.
 * Checked first: without a response to carry the cookie, the step must not run at all.
 */
async function withNewSession<T>(
  ctx: Pick<Context, "responseHeaders" | "appUrl">,
  step: () => Promise<T & { session: TRenewedSession }>,
): Promise<Omit<T, "session">> {
  const headers = ctx.responseHeaders;
  if (!headers)
    throw new Error("The second factor is passed over HTTP only: the new session cookie needs a response.");
  const { session, ...result } = await step();
  headers.append("Set-Cookie", sessionSetCookie(ctx.appUrl, session.token, session.expires));
  return result;
}

/** The second factor: reachable with a session that has not passed it yet (and only these procedures are). */
export const authRouter = createTRPCRouter({
  status: signedInProcedure
    .output(
      z.object({
        email: z.string(),
        hasAuthenticator: z.boolean(),
        secondFactorPassed: z.boolean(),
        waitSeconds: z.number().int(),
      }),
    )
    .query(async ({ ctx }) => {
      const user = await ctx.db.user.findUniqueOrThrow({
        where: { id: ctx.session.userId },
        select: { secondFactorBlockedUntil: true, totp: { select: { confirmedAt: true } } },
      });
      return {
        email: ctx.session.email,
        hasAuthenticator: Boolean(user.totp?.confirmedAt),
        secondFactorPassed: ctx.session.secondFactorPassed,
        waitSeconds: secondFactorWaitSeconds(user.secondFactorBlockedUntil, ctx.now),
      };
    }),
  startTotpEnrollment: signedInProcedure
    .output(z.object({ secretBase32: z.string(), uri: z.string() }))
    .mutation(({ ctx }) => startTotpEnrollment({ db: ctx.db, session: ctx.session, issuer: "Disclose" })),
  confirmTotpEnrollment: signedInProcedure
    .input(ZCode)
    .output(z.object({ recoveryCodes: z.array(z.string()) }))
    .mutation(({ ctx, input }) =>
      withNewSession(ctx, () =>
        confirmTotpEnrollment({ db: ctx.db, session: ctx.session, code: input.code, now: ctx.now }),
      ),
    ),
  verifySecondFactor: signedInProcedure
    .input(ZCode)
    .output(
      z.object({ method: z.enum(["totp", "recovery-code"]), recoveryCodesLeft: z.number().int().nullable() }),
    )
    .mutation(({ ctx, input }) =>
      withNewSession(ctx, () =>
        verifySecondFactor({ db: ctx.db, session: ctx.session, code: input.code, now: ctx.now }),
      ),
    ),
});
