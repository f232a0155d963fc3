import { z } from "zod";
import { createTRPCRouter, staffProcedure } from "../trpc";
import { signOut } from "../use-cases/sessions/sign-out";

const ZMe = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  roles: z.array(z.enum(["ADMIN", "PST_MEMBER", "DISTRIBUTOR_MEMBER"])),
});

export const accountRouter = createTRPCRouter({
  me: staffProcedure.output(ZMe).query(({ ctx }) => ctx.session),
  signOut: staffProcedure.output(z.object({ signedOut: z.literal(true) })).mutation(async ({ ctx }) => {
    await signOut({ db: ctx.db, session: ctx.session, now: ctx.now });
    return { signedOut: true as const };
  }),
});
