import { appendAuditEvent, type Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import {
  assertMayEdit,
  authorizeWorkspace,
  ensureCaseRow,
  isUniqueViolation,
  ZReportId,
} from "./workspace-access";
import { ZBranchName } from "./workspace-input";

/** A case fixes at most this many release branches (the policy's releases are a handful). */
export const MAX_BRANCHES = 50;

export const ZAddBranchInput = z.object({ reportId: ZReportId, name: ZBranchName });
export type TAddBranchInput = z.infer<typeof ZAddBranchInput>;

const duplicate = (name: string) =>
  new AppError(AppErrorCode.CONFLICT, `This case already has a branch named "${name}".`, { field: "name" });

/** A release branch the fix goes to (release-1.11, master); its name is unique in the case. Audited. */
export async function addReleaseBranch({
  db,
  session,
  input,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: TAddBranchInput;
  now: Date;
}): Promise<{ branchId: string }> {
  try {
    return await db.$transaction(async (tx) => {
      const { facts, actor } = await authorizeWorkspace(tx, session, input.reportId);
      assertMayEdit(actor, facts);
      await ensureCaseRow(tx, facts, now);
      const existing = await tx.releaseBranch.findMany({
        where: { caseId: facts.id },
        select: { name: true },
      });
      if (existing.some((b) => b.name === input.name)) throw duplicate(input.name);
      if (existing.length >= MAX_BRANCHES) {
        throw new AppError(AppErrorCode.CONFLICT, `A case has at most ${MAX_BRANCHES} release branches.`, {
          field: "name",
        });
      }
      const branch = await tx.releaseBranch.create({
        data: { caseId: facts.id, name: input.name, createdAt: now },
        select: { id: true },
      });
      await appendAuditEvent(tx, {
        actorId: session.userId,
        actorKind: "user",
        action: "workspace.branch_added",
        subjectType: "report",
        subjectId: facts.id,
        data: { branchId: branch.id, name: input.name },
        occurredAt: now,
      });
      return { branchId: branch.id };
    });
  } catch (error) {
    // Two people adding the same branch at once: the second is told as if it had looked first.
    if (isUniqueViolation(error)) throw duplicate(input.name);
    throw error;
  }
}
