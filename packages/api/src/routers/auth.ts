import { secondFactorWaitSeconds } from "@disclose/domain";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import { z } from "zod";
import { sessionSetCookie } from "../auth/session-token";
import { ZAuthenticationResponse } from "../auth/webauthn";
import type { Context } from "../context";
import { createTRPCRouter, publicProcedure, signedInProcedure } from "../trpc";
import { confirmTotpEnrollment } from "../use-cases/auth/confirm-totp-enrollment";
import type { TRenewedSession } from "../use-cases/auth/second-factor-attempts";
import { startTotpEnrollment } from "../use-cases/auth/start-totp-enrollment";
import { verifySecondFactor } from "../use-cases/auth/verify-second-factor";
import { signInWithPasskey } from "../use-cases/passkeys/sign-in-with-passkey";
import { startPasskeySecondFactor } from "../use-cases/passkeys/start-passkey-second-factor";
import { startPasskeySignIn } from "../use-cases/passkeys/start-passkey-sign-in";
import { verifyPasskeySecondFactor } from "../use-cases/passkeys/verify-passkey-second-factor";
import { webauthnOptions } from "./passkeys";

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
        hasPasskey: z.boolean(),
        secondFactorPassed: z.boolean(),
        waitSeconds: z.number().int(),
      }),
    )
    .query(async ({ ctx }) => {
      const user = await ctx.db.user.findUniqueOrThrow({
        where: { id: ctx.session.userId },
        select: {
          secondFactorBlockedUntil: true,
          totp: { select: { confirmedAt: true } },
          _count: { select: { passkeys: true } },
        },
      });
      return {
        email: ctx.session.email,
        hasAuthenticator: Boolean(user.totp?.confirmedAt),
        hasPasskey: user._count.passkeys > 0,
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
  /** A challenge for one of the account's passkeys, as the second factor. */
  passkeyOptions: signedInProcedure
    .output(webauthnOptions<PublicKeyCredentialRequestOptionsJSON>())
    .mutation(({ ctx }) =>
      startPasskeySecondFactor({ db: ctx.db, session: ctx.session, appUrl: ctx.appUrl, now: ctx.now }),
    ),
  verifyPasskey: signedInProcedure
    .input(z.object({ response: ZAuthenticationResponse }))
    .output(z.object({}))
    .mutation(({ ctx, input }) =>
      withNewSession(ctx, () =>
        verifyPasskeySecondFactor({
          db: ctx.db,
          session: ctx.session,
          appUrl: ctx.appUrl,
          now: ctx.now,
          response: input.response,
        }),
      ),
    ),
  /** Signing in with a passkey alone, for people who chose it: no session yet, so throttled per address. */
  passkeySignInOptions: publicProcedure
    .output(webauthnOptions<PublicKeyCredentialRequestOptionsJSON>())
    .mutation(({ ctx }) =>
      startPasskeySignIn({ db: ctx.db, appUrl: ctx.appUrl, clientIp: ctx.clientIp, now: ctx.now }),
    ),
  signInWithPasskey: publicProcedure
    .input(z.object({ response: ZAuthenticationResponse }))
    .output(z.object({}))
    .mutation(({ ctx, input }) =>
      withNewSession(ctx, () =>
        signInWithPasskey({
          db: ctx.db,
          clientIp: ctx.clientIp,
          appUrl: ctx.appUrl,
          now: ctx.now,
          response: input.response,
        }),
      ),
    ),
});
