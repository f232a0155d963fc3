import { createTRPCRouter, publicProcedure } from "../trpc";
import { checkHealth, ZHealth } from "../use-cases/system/check-health";

export const healthRouter = createTRPCRouter({
  check: publicProcedure.output(ZHealth).query(({ ctx }) => checkHealth({ db: ctx.db, now: ctx.now })),
});
