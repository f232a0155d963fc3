import { z } from "zod";
import { createTRPCRouter, signedInProcedure, staffProcedure } from "../trpc";
import {
  countCasesAwaitingMyKey,
  ZCasesAwaitingMyKey,
} from "../use-cases/account/count-cases-awaiting-my-key";
import { endMySession, ZEndedSession, ZEndMySessionInput } from "../use-cases/account/end-my-session";
import { listMySecurityEvents, ZSecurityEvent } from "../use-cases/account/list-my-security-events";
import { listMySessions, ZMySession } from "../use-cases/account/list-my-sessions";
import {
  newRecoveryCodes,
  ZNewRecoveryCodes,
  ZNewRecoveryCodesInput,
} from "../use-cases/account/new-recovery-codes";
import { secondFactorSummary, ZSecondFactorSummary } from "../use-cases/account/second-factor-summary";
import { signOut } from "../use-cases/sessions/sign-out";
import { signOutEverywhere } from "../use-cases/sessions/sign-out-everywhere";

const ZMe = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  roles: z.array(z.enum(["ADMIN", "PST_MEMBER", "DISTRIBUTOR_MEMBER"])),
});

// Everything here is about the caller's own account: every use-case is scoped to ctx.session.userId.
export const accountRouter = createTRPCRouter({
  me: staffProcedure.output(ZMe).query(({ ctx }) => ctx.session),
  // Signing out needs no second factor: someone stuck on the second-factor page must be able to leave.
  signOut: signedInProcedure.output(z.object({ signedOut: z.literal(true) })).mutation(async ({ ctx }) => {
    await signOut({ db: ctx.db, session: ctx.session, now: ctx.now });
    return { signedOut: true as const };
  }),
  signOutEverywhere: staffProcedure
    .output(z.object({ sessionsEnded: z.number().int() }))
    .mutation(({ ctx }) => signOutEverywhere({ db: ctx.db, session: ctx.session, now: ctx.now })),
  /** The caller's unexpired sessions: device, where and when made, last seen, which one is this. */
  sessions: staffProcedure
    .output(z.array(ZMySession))
    .query(({ ctx }) => listMySessions({ db: ctx.db, session: ctx.session, now: ctx.now })),
  /** Ends one of the caller's sessions (this one too: the browser then signs out). */
  endSession: staffProcedure
    .input(ZEndMySessionInput)
    .output(ZEndedSession)
    .mutation(({ ctx, input }) =>
      endMySession({ db: ctx.db, session: ctx.session, sessionId: input.sessionId, now: ctx.now }),
    ),
  /** The caller's recent security events (sign-ins, factors, keys, recoveries), in plain words. */
  securityEvents: staffProcedure
    .output(z.array(ZSecurityEvent))
    .query(({ ctx }) => listMySecurityEvents({ db: ctx.db, session: ctx.session })),
  /** Authenticator, recovery codes left, passkeys: dates and counts only. */
  secondFactors: staffProcedure
    .output(ZSecondFactorSummary)
    .query(({ ctx }) => secondFactorSummary({ db: ctx.db, session: ctx.session })),
  /** A fresh set of recovery codes for a right authenticator code; shown once. */
  newRecoveryCodes: staffProcedure
    .input(ZNewRecoveryCodesInput)
    .output(ZNewRecoveryCodes)
    .mutation(({ ctx, input }) =>
      newRecoveryCodes({ db: ctx.db, session: ctx.session, code: input.code, now: ctx.now }),
    ),
  /** How many of the caller's open cases still wait to be granted to their current key. */
  casesAwaitingMyKey: staffProcedure
    .output(ZCasesAwaitingMyKey)
    .query(({ ctx }) => countCasesAwaitingMyKey({ db: ctx.db, session: ctx.session, now: ctx.now })),
});
