import { z } from "zod";
import { createTRPCRouter, publicProcedure } from "../../trpc";
import { listAcknowledgments, ZAcknowledgment } from "../../use-cases/reports/list-acknowledgments";

export const portalAcknowledgmentsRouter = createTRPCRouter({
  /** Reporters credited in released advisories (security.txt's Acknowledgments points here). */
  list: publicProcedure
    .output(z.array(ZAcknowledgment))
    .query(({ ctx }) => listAcknowledgments({ db: ctx.db })),
});
