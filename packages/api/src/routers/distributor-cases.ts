import { z } from "zod";
import { createTRPCRouter, staffProcedure } from "../trpc";
import {
  acknowledgeDistributorCase,
  downloadDistributorCopy,
  getDistributorCase,
  listDistributorCases,
  ZCopyId,
  ZDistributorCaseSummary,
  ZDistributorCaseView,
} from "../use-cases/early-disclosure/distributor-cases";

const ZCaseInput = z.object({
  reportId: z.string().trim().min(1, "Choose a case.").max(64, "That is not a case id."),
});

/**
 * The distributor area: the cases disclosed to the member's own organisation (once it is notified, while they
 * are a member), their copies (each download recorded per person) and "Acknowledge receipt".
 */
export const distributorCasesRouter = createTRPCRouter({
  list: staffProcedure
    .output(z.object({ cases: z.array(ZDistributorCaseSummary) }))
    .query(async ({ ctx }) => ({ cases: await listDistributorCases({ db: ctx.db, session: ctx.session }) })),
  get: staffProcedure
    .input(ZCaseInput)
    .output(ZDistributorCaseView)
    .query(({ ctx, input }) =>
      getDistributorCase({ db: ctx.db, session: ctx.session, reportId: input.reportId }),
    ),
  /** A mutation: each download is recorded. The copy as stored (a binary OpenPGP message), base64. */
  downloadCopy: staffProcedure
    .input(ZCopyId)
    .output(z.object({ fileName: z.string(), ciphertext: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const copy = await downloadDistributorCopy({ db: ctx.db, session: ctx.session, input, now: ctx.now });
      return { fileName: copy.fileName, ciphertext: Buffer.from(copy.ciphertext).toString("base64") };
    }),
  acknowledge: staffProcedure
    .input(ZCaseInput)
    .output(z.object({ acknowledgedAt: z.date() }))
    .mutation(({ ctx, input }) =>
      acknowledgeDistributorCase({
        db: ctx.db,
        session: ctx.session,
        reportId: input.reportId,
        now: ctx.now,
      }),
    ),
});
