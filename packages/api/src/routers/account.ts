import { z } from "zod";
import { createTRPCRouter, signedInProcedure, staffProcedure } from "../trpc";
import { signOut } from "../use-cases/sessions/sign-out";
import { signOutEverywhere } from "../use-cases/sessions/sign-out-everywhere";

const ZMe = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  roles: z.array(z.enum(["ADMIN", "PST_MEMBER", "DISTRIBUTOR_MEMBER"])),
});

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
});
