import { appendAuditEvent, type Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { lockCaseRow } from "../cases/case-access";
import { assertFixOpen, authorizeWorkspace, commitOfCase, ZReportId, ZRowId } from "./workspace-access";

export const ZWithdrawLgtmInput = z.object({ reportId: ZReportId, commitId: ZRowId });
export type TWithdrawLgtmInput = z.infer<typeof ZWithdrawLgtmInput>;

/** Withdraws the caller's own LGTM, only until the fix is marked ready (it may be what made it ready). Audited. */
export async function withdrawLgtm({
  db,
  session,
  input,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: TWithdrawLgtmInput;
  now: Date;
}): Promise<{ withdrawn: true }> {
  return db.$transaction(async (tx) => {
    await lockCaseRow(tx, input.reportId, "share");
    const { facts } = await authorizeWorkspace(tx, session, input.reportId, "fix.lgtm");
    const commit = await commitOfCase(tx, facts.id, input.commitId);
    assertFixOpen(facts, "withdrawing an LGTM");
    const removed = await tx.commitLgtm.deleteMany({
      where: { commitId: commit.id, userId: session.userId, commit: { caseId: facts.id } },
    });
    if (removed.count !== 1) {
      throw new AppError(AppErrorCode.CONFLICT, "You have not given this commit an LGTM.");
    }
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "workspace.lgtm_withdrawn",
      subjectType: "report",
      subjectId: facts.id,
      data: { commitId: commit.id, sha: commit.sha },
      occurredAt: now,
    });
    return { withdrawn: true as const };
  });
}
