import { z } from "zod";
import { createTRPCRouter, publicProcedure } from "../../trpc";
import { getSettings } from "../../use-cases/settings/get-settings";

export const portalRetentionRouter = createTRPCRouter({
  /** How long reporters' personal data is kept after their case closes: what the policy and report pages say. */
  policy: publicProcedure.output(z.object({ retentionDays: z.number().int() })).query(async ({ ctx }) => ({
    retentionDays: (await getSettings({ db: ctx.db })).reporterDataRetentionDays,
  })),
});
