import { z } from "zod";
import { createTRPCRouter, staffProcedure } from "../trpc";
import { addFixCommit, ZAddFixCommitInput } from "../use-cases/workspace/add-fix-commit";
import { addReleaseBranch, ZAddBranchInput } from "../use-cases/workspace/add-release-branch";
import { getWorkspace, ZWorkspace } from "../use-cases/workspace/get-workspace";
import { giveLgtm, ZLgtmInput } from "../use-cases/workspace/give-lgtm";
import { listCaseNotes, ZCaseNotes, ZNoteTopic } from "../use-cases/workspace/list-case-notes";
import { postCaseNote, ZPostCaseNoteInput } from "../use-cases/workspace/post-case-note";
import { removeFixCommit, ZRemoveFixCommitInput } from "../use-cases/workspace/remove-fix-commit";
import { removeReleaseBranch, ZRemoveBranchInput } from "../use-cases/workspace/remove-release-branch";
import { setRepository, ZSetRepositoryInput } from "../use-cases/workspace/set-repository";
import { withdrawLgtm, ZWithdrawLgtmInput } from "../use-cases/workspace/withdraw-lgtm";
import { ZReportId } from "../use-cases/workspace/workspace-access";

/** A note of up to 256 KiB of armor, as JSON. */
const NOTE_BODY_BYTES = 300 * 1024;
/** A commit title of up to 64 KiB of armor and its metadata, as JSON. */
const COMMIT_BODY_BYTES = 80 * 1024;

// Records on the case (LGTM times, commits, notes) read the case clock (ctx.caseNow: the wall clock outside test mode).
/** The private fix workspace: repository, release branches, fix commits with LGTMs, internal notes. */
export const workspaceRouter = createTRPCRouter({
  get: staffProcedure
    .input(z.object({ reportId: ZReportId }))
    .output(ZWorkspace)
    .query(({ ctx, input }) =>
      getWorkspace({ db: ctx.db, session: ctx.session, reportId: input.reportId, now: ctx.caseNow }),
    ),
  notes: staffProcedure
    .input(z.object({ reportId: ZReportId, topic: ZNoteTopic }))
    .output(ZCaseNotes)
    .query(({ ctx, input }) =>
      listCaseNotes({
        db: ctx.db,
        session: ctx.session,
        reportId: input.reportId,
        topic: input.topic,
        now: ctx.caseNow,
      }),
    ),
  postNote: staffProcedure
    .meta({ maxBodyBytes: NOTE_BODY_BYTES })
    .input(ZPostCaseNoteInput)
    .output(z.object({ noteId: z.string(), createdAt: z.date() }))
    .mutation(({ ctx, input }) =>
      postCaseNote({ db: ctx.db, session: ctx.session, input, now: ctx.caseNow }),
    ),
  setRepository: staffProcedure
    .input(ZSetRepositoryInput)
    .output(z.object({ repositoryUrl: z.string().nullable() }))
    .mutation(({ ctx, input }) =>
      setRepository({ db: ctx.db, session: ctx.session, input, now: ctx.caseNow }),
    ),
  addBranch: staffProcedure
    .input(ZAddBranchInput)
    .output(z.object({ branchId: z.string() }))
    .mutation(({ ctx, input }) =>
      addReleaseBranch({ db: ctx.db, session: ctx.session, input, now: ctx.caseNow }),
    ),
  removeBranch: staffProcedure
    .input(ZRemoveBranchInput)
    .output(z.object({ removed: z.literal(true) }))
    .mutation(({ ctx, input }) =>
      removeReleaseBranch({ db: ctx.db, session: ctx.session, input, now: ctx.caseNow }),
    ),
  addCommit: staffProcedure
    .meta({ maxBodyBytes: COMMIT_BODY_BYTES })
    .input(ZAddFixCommitInput)
    .output(z.object({ commitId: z.string() }))
    .mutation(({ ctx, input }) =>
      addFixCommit({ db: ctx.db, session: ctx.session, input, now: ctx.caseNow }),
    ),
  removeCommit: staffProcedure
    .input(ZRemoveFixCommitInput)
    .output(z.object({ removed: z.literal(true) }))
    .mutation(({ ctx, input }) =>
      removeFixCommit({ db: ctx.db, session: ctx.session, input, now: ctx.caseNow }),
    ),
  lgtm: staffProcedure
    .input(ZLgtmInput)
    .output(z.object({ at: z.date() }))
    .mutation(({ ctx, input }) => giveLgtm({ db: ctx.db, session: ctx.session, input, now: ctx.caseNow })),
  withdrawLgtm: staffProcedure
    .input(ZWithdrawLgtmInput)
    .output(z.object({ withdrawn: z.literal(true) }))
    .mutation(({ ctx, input }) =>
      withdrawLgtm({ db: ctx.db, session: ctx.session, input, now: ctx.caseNow }),
    ),
});
