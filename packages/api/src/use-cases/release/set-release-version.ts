import { appendAuditEvent, type Db } from "@disclose/db";
import { ZReleaseVersion } from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { authorizeCase, isUuid } from "../cases/case-access";
import { refuseAfterRelease } from "./release-case";

export const ZSetReleaseVersionInput = z.object({
  reportId: z.string().trim().min(1, "Choose a report.").max(64, "That is not a report id."),
  branchId: z.string().trim().min(1, "Choose a release branch.").max(64, "That is not a branch id."),
  version: z.string().trim().pipe(ZReleaseVersion),
});
export type TSetReleaseVersionInput = z.infer<typeof ZSetReleaseVersionInput>;

/**
 * The version a release branch ships the fix in ("1.11.2"). The case counts as versioned (the release guard's
 * "release version") once every branch has one. The Fix Lead's, before release; audited (versions are metadata).
 */
export async function setReleaseVersion({
  db,
  session,
  input,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: TSetReleaseVersionInput;
  /** The wall clock, for the audit log. */
  now: Date;
}): Promise<{ branchId: string; releaseVersion: string }> {
  const { facts } = await authorizeCase(db, session, input.reportId, "transition:release");
  const notFound = new AppError(AppErrorCode.NOT_FOUND, "This case has no such release branch.", {
    field: "branchId",
  });
  if (!isUuid(input.branchId)) throw notFound;
  refuseAfterRelease(facts, "its release versions");
  return db.$transaction(async (tx) => {
    // Scoped by the branch and its case: another case's branch is not found, whoever asks.
    const branch = await tx.releaseBranch.findFirst({
      where: { id: input.branchId, caseId: facts.id },
      select: { id: true, name: true, releaseVersion: true },
    });
    if (!branch) throw notFound;
    if (branch.releaseVersion === input.version) {
      return { branchId: branch.id, releaseVersion: input.version };
    }
    await tx.releaseBranch.updateMany({
      where: { id: branch.id, caseId: facts.id },
      data: { releaseVersion: input.version },
    });
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "case.release_version_set",
      subjectType: "report",
      subjectId: facts.id,
      data: {
        branchId: branch.id,
        branch: branch.name,
        version: input.version,
        previous: branch.releaseVersion,
      },
      occurredAt: now,
    });
    return { branchId: branch.id, releaseVersion: input.version };
  });
}
