import { randomUUID } from "node:crypto";
import { appendAuditEvent, type Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { insertKeyPackets } from "../access/key-packets";
import { lockCaseRow } from "../cases/case-access";
import {
  armoredMessage,
  assertFixOpen,
  assertMayEdit,
  authorizeWorkspace,
  branchOfCase,
  isUniqueViolation,
  maintainersOf,
  sealedItemRows,
  workspaceReaders,
  ZReportId,
  ZRowId,
} from "./workspace-access";
import { ZCommitSha, zHttpsUrl } from "./workspace-input";

/** What the database holds at most (fix_commits_title_size_check). */
export const TITLE_CIPHERTEXT_MAX_BYTES = 64 * 1024;
/** A case's fix is a handful of commits; this keeps a case page bounded. */
export const MAX_COMMITS_PER_BRANCH = 200;

export const ZAddFixCommitInput = z.object({
  reportId: ZReportId,
  branchId: ZRowId,
  sha: ZCommitSha,
  authorId: z.string().trim().min(1, "Choose the commit's author.").max(64, "That is not an account id."),
  /** The commit's title, encrypted in the browser to exactly the case's readers (a title can say too much). */
  titleCiphertext: z
    .string()
    .min(1, "The title is empty.")
    .max(TITLE_CIPHERTEXT_MAX_BYTES, "The title is too long."),
  url: zHttpsUrl("the commit's link").optional(),
});
export type TAddFixCommitInput = z.infer<typeof ZAddFixCommitInput>;

const duplicate = (sha: string, branch: string) =>
  new AppError(AppErrorCode.CONFLICT, `The commit ${sha.slice(0, 12)} is already listed on ${branch}.`, {
    field: "sha",
  });

/**
 * A fix commit on one of the case's release branches: its hash, author and link are metadata; its title is
 * sealed like the rest of the case. Until the fix is marked ready. Stored with the title's key packets and
 * audited (by hash and ids), in one transaction.
 */
export async function addFixCommit({
  db,
  session,
  input,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: TAddFixCommitInput;
  now: Date;
}): Promise<{ commitId: string }> {
  const title = armoredMessage(
    input.titleCiphertext,
    "titleCiphertext",
    "The title",
    TITLE_CIPHERTEXT_MAX_BYTES,
  );
  let branchName = "this branch";
  try {
    return await db.$transaction(async (tx) => {
      await lockCaseRow(tx, input.reportId, "share");
      const { facts, actor } = await authorizeWorkspace(tx, session, input.reportId);
      const branch = await branchOfCase(tx, facts.id, input.branchId);
      branchName = branch.name;
      assertMayEdit(actor, facts);
      assertFixOpen(facts, "adding a fix commit");
      const readers = await workspaceReaders(tx, facts, "fix-commit", now);
      if (!maintainersOf(readers, facts).some((m) => m.userId === input.authorId)) {
        throw new AppError(
          AppErrorCode.BAD_INPUT,
          "The author must be a maintainer on this case: a PST member, its Fix Lead or its Fix Team.",
          { field: "authorId" },
        );
      }
      const same = await tx.fixCommit.findFirst({
        where: { branchId: branch.id, sha: input.sha },
        select: { id: true },
      });
      if (same) throw duplicate(input.sha, branch.name);
      if (branch._count.commits >= MAX_COMMITS_PER_BRANCH) {
        throw new AppError(
          AppErrorCode.CONFLICT,
          `A branch holds at most ${MAX_COMMITS_PER_BRANCH} fix commits.`,
          { field: "sha" },
        );
      }
      const commitId = randomUUID();
      const rows = await sealedItemRows(tx, {
        facts,
        item: { kind: "fix-commit", id: commitId },
        message: title,
        field: "titleCiphertext",
        now,
        what: "The title",
      });
      const created = await tx.fixCommit.create({
        data: {
          id: commitId,
          caseId: facts.id,
          branchId: branch.id,
          sha: input.sha,
          authorId: input.authorId,
          titleCiphertext: title,
          url: input.url ?? null,
          addedById: session.userId,
          createdAt: now,
        },
        select: { id: true },
      });
      await insertKeyPackets(tx, rows, now);
      await appendAuditEvent(tx, {
        actorId: session.userId,
        actorKind: "user",
        action: "workspace.commit_added",
        subjectType: "report",
        subjectId: facts.id,
        data: {
          commitId: created.id,
          branchId: branch.id,
          sha: input.sha,
          authorId: input.authorId,
          recipients: rows.map((r) => r.key.fingerprint),
        },
        occurredAt: now,
      });
      return { commitId: created.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(input.sha, branchName);
    throw error;
  }
}
