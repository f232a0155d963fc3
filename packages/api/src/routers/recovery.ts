import { adminProcedure, createTRPCRouter, pstProcedure, signedInProcedure } from "../trpc";
import { approveRecovery, ZApproveRecoveryInput } from "../use-cases/recovery/approve-recovery";
import { cancelRecovery, ZCancelRecoveryInput } from "../use-cases/recovery/cancel-recovery";
import { getMyRecovery, ZMyRecovery } from "../use-cases/recovery/get-my-recovery";
import { listRecoveries, ZRecoveryList } from "../use-cases/recovery/list-recoveries";
import { ZRecovery, ZRecoveryForApprover } from "../use-cases/recovery/recovery";
import { requestRecovery, ZRequestRecoveryInput } from "../use-cases/recovery/request-recovery";

/**
 * Account recovery when every second factor is lost. The person's own procedures are reachable before the
 * second factor (that is where they are stuck); approving and the approvers' list need an admin or a PST member
 * past it (pstProcedure checks the role before the input is looked at), cancelling someone else's an admin.
 */
export const recoveryRouter = createTRPCRouter({
  request: signedInProcedure
    .input(ZRequestRecoveryInput)
    .output(ZRecovery)
    .mutation(({ ctx, input }) =>
      requestRecovery({
        db: ctx.db,
        session: ctx.session,
        reason: input.reason,
        adminUrl: ctx.appUrl,
        now: ctx.now,
      }),
    ),
  mine: signedInProcedure
    .output(ZMyRecovery)
    .query(({ ctx }) => getMyRecovery({ db: ctx.db, session: ctx.session, now: ctx.now })),
  cancelMine: signedInProcedure
    .input(ZCancelRecoveryInput)
    .output(ZRecovery)
    .mutation(({ ctx, input }) =>
      cancelRecovery({
        db: ctx.db,
        session: ctx.session,
        recoveryId: input.recoveryId,
        as: "member",
        adminUrl: ctx.appUrl,
        now: ctx.now,
      }),
    ),
  list: pstProcedure
    .output(ZRecoveryList)
    .query(({ ctx }) => listRecoveries({ db: ctx.db, session: ctx.session, now: ctx.now })),
  approve: pstProcedure
    .input(ZApproveRecoveryInput)
    .output(ZRecoveryForApprover)
    .mutation(({ ctx, input }) =>
      approveRecovery({
        db: ctx.db,
        session: ctx.session,
        recoveryId: input.recoveryId,
        adminUrl: ctx.appUrl,
        now: ctx.now,
      }),
    ),
  cancel: adminProcedure
    .input(ZCancelRecoveryInput)
    .output(ZRecovery)
    .mutation(({ ctx, input }) =>
      cancelRecovery({
        db: ctx.db,
        session: ctx.session,
        recoveryId: input.recoveryId,
        as: "admin",
        adminUrl: ctx.appUrl,
        now: ctx.now,
      }),
    ),
});
