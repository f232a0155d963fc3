import { appendAuditEvent, type Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { assertMayEdit, authorizeWorkspace, branchOfCase, ZReportId, ZRowId } from "./workspace-access";

export const ZRemoveBranchInput = z.object({ reportId: ZReportId, branchId: ZRowId });
export type TRemoveBranchInput = z.infer<typeof ZRemoveBranchInput>;

/** Removes a release branch added by mistake: only while it has no fix commit and no patch. Audited. */
export async function removeReleaseBranch({
  db,
  session,
  input,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: TRemoveBranchInput;
  now: Date;
}): Promise<{ removed: true }> {
  return db.$transaction(async (tx) => {
    const { facts, actor } = await authorizeWorkspace(tx, session, input.reportId);
    const branch = await branchOfCase(tx, facts.id, input.branchId);
    assertMayEdit(actor, facts);
    if (branch._count.commits > 0 || branch.patch) {
      throw new AppError(
        AppErrorCode.CONFLICT,
        `The branch "${branch.name}" has ${branch._count.commits > 0 ? "fix commits" : "a patch"}; only an empty branch can be removed.`,
      );
    }
    // Scoped by the case too, and refused if a commit or patch arrived meanwhile.
    const removed = await tx.releaseBranch.deleteMany({
      where: { id: branch.id, caseId: facts.id, commits: { none: {} }, patch: { is: null } },
    });
    if (removed.count !== 1) {
      throw new AppError(
        AppErrorCode.CONFLICT,
        "The branch changed meanwhile. Reload the page and try again.",
      );
    }
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "workspace.branch_removed",
      subjectType: "report",
      subjectId: facts.id,
      data: { branchId: branch.id, name: branch.name },
      occurredAt: now,
    });
    return { removed: true as const };
  });
}
