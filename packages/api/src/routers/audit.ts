import { createTRPCRouter, staffProcedure } from "../trpc";
import { getAuditStatus, ZAuditStatus } from "../use-cases/audit/get-audit-status";
import { listAuditEvents, ZAuditEvents, ZAuditEventsQuery } from "../use-cases/audit/list-audit-events";
import { verifyAuditNow, ZAuditVerification } from "../use-cases/audit/verify-audit-chain";

// The use-cases ask the domain ("audit.read", "audit.verify": the PST and admins) before anything else.

/** The global audit log, its verification status, and "Verify now". */
export const auditRouter = createTRPCRouter({
  events: staffProcedure
    .input(ZAuditEventsQuery)
    .output(ZAuditEvents)
    .query(({ ctx, input }) => listAuditEvents({ db: ctx.db, session: ctx.session, query: input })),
  status: staffProcedure
    .output(ZAuditStatus)
    .query(({ ctx }) => getAuditStatus({ db: ctx.db, session: ctx.session })),
  verify: staffProcedure.output(ZAuditVerification).mutation(({ ctx }) =>
    // Links in the alert point at this admin app.
    verifyAuditNow({ db: ctx.db, session: ctx.session, now: ctx.now, adminUrl: ctx.appUrl }),
  ),
});
