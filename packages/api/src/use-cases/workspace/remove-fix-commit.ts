import { appendAuditEvent, type Db, txQuery } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { lockCaseRow } from "../cases/case-access";
import {
  assertFixOpen,
  assertMayEdit,
  authorizeWorkspace,
  commitOfCase,
  ZReportId,
  ZRowId,
} from "./workspace-access";

export const ZRemoveFixCommitInput = z.object({ reportId: ZReportId, commitId: ZRowId });
export type TRemoveFixCommitInput = z.infer<typeof ZRemoveFixCommitInput>;

/**
 * Takes a fix commit off its branch (listed by mistake, or replaced by another), with its LGTMs and its title's
 * key packets; only until the fix is marked ready. Audited by hash.
 */
export async function removeFixCommit({
  db,
  session,
  input,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: TRemoveFixCommitInput;
  now: Date;
}): Promise<{ removed: true }> {
  return db.$transaction(async (tx) => {
    await lockCaseRow(tx, input.reportId, "share");
    const { facts, actor } = await authorizeWorkspace(tx, session, input.reportId);
    const commit = await commitOfCase(tx, facts.id, input.commitId);
    assertMayEdit(actor, facts);
    assertFixOpen(facts, "removing a fix commit");
    const removed = await tx.fixCommit.deleteMany({ where: { id: commit.id, caseId: facts.id } });
    if (removed.count !== 1) {
      throw new AppError(AppErrorCode.NOT_FOUND, "There is no such fix commit in this case.");
    }
    await txQuery(
      tx,
      "DELETE FROM key_packets WHERE report_id = $1::uuid AND item_kind = 'fix-commit' AND item_id = $2::uuid",
      [facts.id, commit.id],
    );
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "workspace.commit_removed",
      subjectType: "report",
      subjectId: facts.id,
      data: { commitId: commit.id, branchId: commit.branchId, sha: commit.sha, authorId: commit.authorId },
      occurredAt: now,
    });
    return { removed: true as const };
  });
}
