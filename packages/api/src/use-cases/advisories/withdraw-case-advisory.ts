import type { Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { assertMayPublish, authorizeAdvisory, ZReportId } from "./advisory-access";
import { withdrawAdvisory } from "./withdraw-advisory";

export const ZWithdrawAdvisoryInput = z.object({
  reportId: ZReportId,
  reason: z.string().max(2000, "Say why in at most 2,000 characters."),
});

/**
 * The Fix Lead withdraws the case's published advisory with a reason (e.g. it was not a vulnerability after all):
 * a new, signed revision saying so; the page, the feeds and every format keep it, marked withdrawn.
 */
export async function withdrawCaseAdvisory({
  db,
  session,
  input,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: z.infer<typeof ZWithdrawAdvisoryInput>;
  now: Date;
}): Promise<{ publicId: string; revision: number }> {
  return db.$transaction(
    async (tx) => {
      const { facts, actor } = await authorizeAdvisory(tx, session, input.reportId);
      assertMayPublish(actor, facts);
      const advisory = await tx.advisory.findUnique({ where: { caseId: facts.id }, select: { id: true } });
      if (!advisory) throw new AppError(AppErrorCode.CONFLICT, "This case's advisory is not published yet.");
      const done = await withdrawAdvisory(tx, {
        advisoryId: advisory.id,
        reason: input.reason,
        actorId: session.userId,
        now,
      });
      return { publicId: done.publicId, revision: done.revision };
    },
    { timeout: 60_000 },
  );
}
