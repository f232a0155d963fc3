import { z } from "zod";
import { createTRPCRouter, publicProcedure } from "../../trpc";
import {
  getPublicAdvisory,
  ZPublicAdvisory,
  ZPublicAdvisoryId,
} from "../../use-cases/advisories/public-get-advisory";
import {
  listPublicAdvisories,
  ZPublicAdvisoryList,
  ZPublicAdvisoryListInput,
} from "../../use-cases/advisories/public-list-advisories";

/** Published advisories, for everyone (no account): the list with search and severity filter, and one advisory. */
export const portalAdvisoriesRouter = createTRPCRouter({
  list: publicProcedure
    .input(ZPublicAdvisoryListInput)
    .output(ZPublicAdvisoryList)
    .query(({ ctx, input }) => listPublicAdvisories(ctx.db, input)),

  get: publicProcedure
    .input(z.object({ publicId: ZPublicAdvisoryId }))
    .output(ZPublicAdvisory)
    .query(({ ctx, input }) => getPublicAdvisory(ctx.db, input.publicId)),
});
