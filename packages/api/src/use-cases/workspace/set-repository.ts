import { appendAuditEvent, type Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { assertMayEdit, authorizeWorkspace, ensureCaseRow, ZReportId } from "./workspace-access";
import { zHttpsUrl } from "./workspace-input";

export const ZSetRepositoryInput = z.object({
  reportId: ZReportId,
  /** Null clears it. */
  repositoryUrl: zHttpsUrl("the repository's address").nullable(),
});
export type TSetRepositoryInput = z.infer<typeof ZSetRepositoryInput>;

/**
 * Where the fix is made: the private repository, branch or GitHub temporary private fork (metadata: an address,
 * not the fix). Audited with the address, which is no secret of the vulnerability.
 */
export async function setRepository({
  db,
  session,
  input,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: TSetRepositoryInput;
  now: Date;
}): Promise<{ repositoryUrl: string | null }> {
  return db.$transaction(async (tx) => {
    const { facts, actor } = await authorizeWorkspace(tx, session, input.reportId);
    assertMayEdit(actor, facts);
    await ensureCaseRow(tx, facts, now);
    const before = await tx.case.findUniqueOrThrow({
      where: { id: facts.id },
      select: { repositoryUrl: true },
    });
    await tx.case.update({ where: { id: facts.id }, data: { repositoryUrl: input.repositoryUrl } });
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "workspace.repository_set",
      subjectType: "report",
      subjectId: facts.id,
      data: { from: before.repositoryUrl, to: input.repositoryUrl },
      occurredAt: now,
    });
    return { repositoryUrl: input.repositoryUrl };
  });
}
