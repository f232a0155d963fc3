import { appendAuditEvent, type Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { lockCaseRow } from "../cases/case-access";
import {
  authorizeWorkspace,
  commitOfCase,
  WORKSPACE_OPEN_STATES,
  ZReportId,
  ZRowId,
} from "./workspace-access";

export const ZLgtmInput = z.object({ reportId: ZReportId, commitId: ZRowId });
export type TLgtmInput = z.infer<typeof ZLgtmInput>;

/**
 * The caller's LGTM on a fix commit (the domain's `fix.lgtm`: the PST, the Fix Lead, the Fix Team). The policy
 * asks for one from a maintainer other than the commit's author, so the author's own is refused. Giving it twice
 * keeps the first. Audited.
 */
export async function giveLgtm({
  db,
  session,
  input,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: TLgtmInput;
  now: Date;
}): Promise<{ at: Date }> {
  return db.$transaction(async (tx) => {
    await lockCaseRow(tx, input.reportId, "share");
    const { facts } = await authorizeWorkspace(tx, session, input.reportId, "fix.lgtm");
    const commit = await commitOfCase(tx, facts.id, input.commitId);
    if (!WORKSPACE_OPEN_STATES.includes(facts.state)) {
      throw new AppError(AppErrorCode.CONFLICT, "This case is released: its fix commits no longer change.");
    }
    if (commit.authorId === session.userId) {
      throw new AppError(
        AppErrorCode.BAD_INPUT,
        "An LGTM must come from a maintainer other than the commit's author.",
      );
    }
    const mine = commit.lgtms.find((l) => l.userId === session.userId);
    if (mine) return { at: mine.at };
    // A double click's second request finds the first one's row: nothing more to record.
    const added = await tx.commitLgtm.createMany({
      data: [{ commitId: commit.id, userId: session.userId, at: now }],
      skipDuplicates: true,
    });
    if (added.count === 0) return { at: now };
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "workspace.lgtm_given",
      subjectType: "report",
      subjectId: facts.id,
      data: { commitId: commit.id, sha: commit.sha },
      occurredAt: now,
    });
    return { at: now };
  });
}
