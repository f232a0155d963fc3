import { z } from "zod";
import { createTRPCRouter, staffProcedure } from "../trpc";
import { importTeamKey, ZImportTeamKeyInput } from "../use-cases/team-keys/import-team-key";
import {
  getTeamKeyReportWork,
  openWithTeamKey,
  ZOpenWithTeamKeyInput,
  ZTeamKeyReportWork,
} from "../use-cases/team-keys/open-with-team-key";
import {
  completeTeamKeyGrants,
  getTeamKeyGrantWork,
  listImportedTeamKeys,
  readTeamKey,
  retireTeamKey,
  ZCompleteTeamKeyGrantsInput,
  ZImportedTeamKey,
  ZTeamKeyFingerprint,
  ZTeamKeyGrantWork,
} from "../use-cases/team-keys/team-keys";

/**
 * Team keys: the project's own security@ key from before Disclose, held by the PST through grants. The server
 * keeps the public key and the private half only as a message encrypted in a member's browser; the PST-only rule
 * is the domain's (mayHoldTeamKey), checked in each use-case.
 */
export const teamKeysRouter = createTRPCRouter({
  list: staffProcedure
    .output(z.array(ZImportedTeamKey))
    .query(({ ctx }) => listImportedTeamKeys({ db: ctx.db, session: ctx.session, now: ctx.now })),
  import: staffProcedure
    .meta({ maxBodyBytes: 400 * 1024 })
    .input(ZImportTeamKeyInput)
    .output(z.object({ fingerprint: z.string(), holders: z.number().int() }))
    .mutation(({ ctx, input }) => importTeamKey({ db: ctx.db, session: ctx.session, now: ctx.now, input })),
  /** The private half for the caller's browser; a mutation because every read is audited. */
  read: staffProcedure
    .input(z.object({ fingerprint: ZTeamKeyFingerprint }))
    .output(z.object({ fingerprint: z.string(), message: z.string() }))
    .mutation(({ ctx, input }) =>
      readTeamKey({ db: ctx.db, session: ctx.session, now: ctx.now, fingerprint: input.fingerprint }),
    ),
  /** Team keys the caller's browser can re-wrap for members who lack them (a new member, a new key). */
  grantWork: staffProcedure
    .output(ZTeamKeyGrantWork)
    .query(({ ctx }) => getTeamKeyGrantWork({ db: ctx.db, session: ctx.session, now: ctx.now })),
  completeGrants: staffProcedure
    .input(ZCompleteTeamKeyGrantsInput)
    .output(z.object({ stored: z.number().int() }))
    .mutation(({ ctx, input }) =>
      completeTeamKeyGrants({ db: ctx.db, session: ctx.session, now: ctx.now, input }),
    ),
  /** Items of a report the caller can open with a team key they hold. */
  reportWork: staffProcedure
    .input(z.object({ reportId: z.uuid("There is no such report.") }))
    .output(ZTeamKeyReportWork)
    .query(({ ctx, input }) =>
      getTeamKeyReportWork({ db: ctx.db, session: ctx.session, now: ctx.now, reportId: input.reportId }),
    ),
  openReport: staffProcedure
    .input(ZOpenWithTeamKeyInput)
    .output(z.object({ stored: z.number().int() }))
    .mutation(({ ctx, input }) => openWithTeamKey({ db: ctx.db, session: ctx.session, now: ctx.now, input })),
  retire: staffProcedure
    .input(z.object({ fingerprint: ZTeamKeyFingerprint }))
    .output(z.object({ fingerprint: z.string(), retiredAt: z.date() }))
    .mutation(({ ctx, input }) =>
      retireTeamKey({ db: ctx.db, session: ctx.session, now: ctx.now, fingerprint: input.fingerprint }),
    ),
});
