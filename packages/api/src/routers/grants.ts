import { z } from "zod";
import { createTRPCRouter, staffProcedure } from "../trpc";
import {
  completeGrants,
  getGrantWork,
  listPendingGrants,
  MAX_GRANTS_PER_CALL,
  ZCompleteGrantsInput,
  ZGrantWork,
  ZPendingGrants,
} from "../use-cases/access/grants";

/**
 * Access grants: bringing a person into a case's encrypted material. The server lists what is missing and
 * stores the session-key packets a reader's browser re-wrapped; it never sees a session key.
 */
export const grantsRouter = createTRPCRouter({
  /** Grants still to complete on the cases the caller may read (people waiting for a key or for a grant). */
  pending: staffProcedure
    .output(ZPendingGrants)
    .query(({ ctx }) => listPendingGrants({ db: ctx.db, session: ctx.session, now: ctx.now })),
  /** Items the caller's browser can re-wrap now: their own session-key packets, and whom each is for. */
  work: staffProcedure
    .input(z.object({ limit: z.number().int().min(1).max(MAX_GRANTS_PER_CALL).default(200) }))
    .output(ZGrantWork)
    .query(({ ctx, input }) =>
      getGrantWork({ db: ctx.db, session: ctx.session, now: ctx.now, limit: input.limit }),
    ),
  /** Stores re-wrapped session-key packets (checked against the domain's rules and the grantee's key). */
  complete: staffProcedure
    // Up to 500 grants of a few base64 packets each (about 2.9 kB of JSON at most per grant).
    .meta({ maxBodyBytes: 1536 * 1024 })
    .input(ZCompleteGrantsInput)
    .output(z.object({ stored: z.number().int() }))
    .mutation(({ ctx, input }) => completeGrants({ db: ctx.db, session: ctx.session, now: ctx.now, input })),
});
