import { z } from "zod";
import { createTRPCRouter, publicProcedure } from "../../trpc";
import { listPstKeys, ZPstKey } from "../../use-cases/keys/list-pst-keys";

export const portalKeysRouter = createTRPCRouter({
  /** The public keys a report must be encrypted to (the browser fetches them right before encrypting). */
  list: publicProcedure
    .output(z.array(ZPstKey))
    .query(({ ctx }) => listPstKeys({ db: ctx.db, now: ctx.now })),
});
