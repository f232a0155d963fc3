import { createTRPCRouter, roleProcedure, staffProcedure } from "../trpc";
import {
  approveApplication,
  ZApproveApplicationInput,
  ZApprovedApplication,
} from "../use-cases/distributors/approve-application";
import {
  getApplication,
  ZApplicationDetail,
  ZGetApplicationInput,
} from "../use-cases/distributors/get-application";
import {
  listApplications,
  ZApplicationList,
  ZListApplicationsInput,
} from "../use-cases/distributors/list-applications";
import {
  rejectApplication,
  ZRejectApplicationInput,
  ZRejectedApplication,
} from "../use-cases/distributors/reject-application";
import {
  vouchForApplication,
  ZVouchInput,
  ZVouchResult,
} from "../use-cases/distributors/vouch-for-application";

// The PST decides (PST_MEMBER only, not an admin alone); the person named as voucher sees and answers their
// request. Reads and vouches are open to staff and the use-cases decide per row (anyone else: NOT_FOUND).
const pstMemberProcedure = roleProcedure("PST_MEMBER");

/** The review of applications to the private distributors list: vouches and the PST's decision. */
export const distributorApplicationsRouter = createTRPCRouter({
  list: staffProcedure
    .input(ZListApplicationsInput)
    .output(ZApplicationList)
    .query(({ ctx, input }) => listApplications({ db: ctx.db, session: ctx.session, input })),
  get: staffProcedure
    .input(ZGetApplicationInput)
    .output(ZApplicationDetail)
    .query(({ ctx, input }) =>
      getApplication({ db: ctx.db, session: ctx.session, applicationId: input.applicationId, now: ctx.now }),
    ),
  vouch: staffProcedure
    .input(ZVouchInput)
    .output(ZVouchResult)
    .mutation(({ ctx, input }) =>
      vouchForApplication({ db: ctx.db, session: ctx.session, input, adminUrl: ctx.appUrl, now: ctx.now }),
    ),
  approve: pstMemberProcedure
    .input(ZApproveApplicationInput)
    .output(ZApprovedApplication)
    .mutation(({ ctx, input }) =>
      approveApplication({ db: ctx.db, session: ctx.session, input, adminUrl: ctx.appUrl, now: ctx.now }),
    ),
  reject: pstMemberProcedure
    .input(ZRejectApplicationInput)
    .output(ZRejectedApplication)
    .mutation(({ ctx, input }) =>
      rejectApplication({ db: ctx.db, session: ctx.session, input, now: ctx.now }),
    ),
});
