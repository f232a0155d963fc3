import { checkHealth, ZHealth } from "../use-cases/system/check-health";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const healthRouter = createTRPCRouter({
  check: publicProcedure.output(ZHealth).query(({ ctx }) => checkHealth({ db: ctx.db, now: ctx.now })),
});
