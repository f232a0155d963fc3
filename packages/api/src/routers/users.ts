import { z } from "zod";
import { adminProcedure, createTRPCRouter } from "../trpc";
import { revokeUserSessions } from "../use-cases/sessions/revoke-user-sessions";

/** Managing people (admins only). */
export const usersRouter = createTRPCRouter({
  revokeSessions: adminProcedure
    .input(z.object({ userId: z.string().min(1).max(64) }))
    .output(z.object({ sessionsEnded: z.number().int() }))
    .mutation(({ ctx, input }) =>
      revokeUserSessions({ db: ctx.db, admin: ctx.session, userId: input.userId, now: ctx.now }),
    ),
});
