import { z } from "zod";
import { createTRPCRouter, staffProcedure } from "../trpc";
import { listPatches, ZPatchList } from "../use-cases/patches/list-patches";
import { readPatch, ZReadPatchInput } from "../use-cases/patches/read-patch";
import {
  PATCH_UPLOAD_BODY_BYTES,
  uploadPatch,
  ZUploadPatchInput,
  ZUploadPatchResult,
} from "../use-cases/patches/upload-patch";

const ZReportId = z.object({
  reportId: z.string().trim().min(1, "Choose a report.").max(64, "That is not a report id."),
});

/** Patches per release branch: encrypted uploads, kept versions, downloads with the reader's own packets. */
// Upload times and audit records read the case clock; which reader keys are usable, the wall clock.
export const patchesRouter = createTRPCRouter({
  list: staffProcedure
    .input(ZReportId)
    .output(ZPatchList)
    .query(({ ctx, input }) =>
      listPatches({ db: ctx.db, session: ctx.session, reportId: input.reportId, now: ctx.now }),
    ),
  upload: staffProcedure
    .meta({ maxBodyBytes: PATCH_UPLOAD_BODY_BYTES })
    .input(ZUploadPatchInput)
    .output(ZUploadPatchResult)
    .mutation(({ ctx, input }) =>
      uploadPatch({ db: ctx.db, session: ctx.session, input, now: ctx.now, caseNow: ctx.caseNow }),
    ),
  read: staffProcedure
    .input(ZReadPatchInput)
    .output(
      z.object({
        reportId: z.string(),
        branchId: z.string(),
        versionId: z.string(),
        version: z.number().int(),
        current: z.boolean(),
        fileName: z.string(),
        /** The caller's own session-key packets and the encrypted data: a binary OpenPGP message, base64. */
        ciphertext: z.string(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const read = await readPatch({
        db: ctx.db,
        session: ctx.session,
        input,
        via: "view",
        now: ctx.caseNow,
      });
      return { ...read, ciphertext: Buffer.from(read.ciphertext).toString("base64") };
    }),
});
