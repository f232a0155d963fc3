import { apiEnv } from "../env";
import { createTRPCRouter, pstProcedure } from "../trpc";
import { getMailIntakeStatus, ZMailIntakeStatus } from "../use-cases/intake/get-mail-intake-status";

/** The security mailbox's pick-up, for the PST and admins who run it. */
export const mailIntakeRouter = createTRPCRouter({
  status: pstProcedure
    .output(ZMailIntakeStatus)
    .query(({ ctx }) =>
      getMailIntakeStatus({ db: ctx.db, imapUrl: apiEnv().SECURITY_IMAP_URL, now: ctx.now }),
    ),
});
