import { bytesText, parseCvssVector } from "@disclose/domain";
import { z } from "zod";
import { REPORT_LIMITS as L } from "./limits";

const text = (max: number, label: string) =>
  z
    .string()
    .trim()
    .min(1, `${label} is required.`)
    .max(max, `${label} is at most ${max.toLocaleString("en")} characters.`);

const ZCvssVector = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    try {
      parseCvssVector(value);
    } catch (error) {
      ctx.addIssue({
        code: "custom",
        message: error instanceof Error ? error.message : "Invalid CVSS vector.",
      });
    }
  });

const MAX_ATTACHMENTS = bytesText(L.attachmentsMaxTotalBytes);

// A person reads these beside the file they chose: each names the file's problem and the limit in words.
export const ZAttachmentMeta = z.object({
  name: z
    .string()
    .min(1, "An attachment needs a file name.")
    .max(
      L.attachmentNameMaxChars,
      `A file name is at most ${L.attachmentNameMaxChars} characters; rename the file and choose it again.`,
    ),
  type: z.string().max(L.attachmentTypeMaxChars, "This file's type could not be read; try another format."),
  size: z
    .number()
    .int("This file's size could not be read; choose it again.")
    .min(0, "This file's size could not be read; choose it again.")
    .max(
      L.attachmentsMaxTotalBytes,
      `A file is at most ${MAX_ATTACHMENTS}, and all attachments together too. Leave out or shrink the largest.`,
    ),
});
export type TAttachmentMeta = z.infer<typeof ZAttachmentMeta>;

export const ZCredit = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("named"), name: text(L.creditNameMaxChars, "The name to credit") }),
  z.object({ mode: z.literal("anonymous") }),
]);

/** Whether the issue is already public: inside the encrypted report and also sent in clear, on every path. */
export const ZPublicity = z.object({
  alreadyPublic: z.boolean(),
  publicUrl: z
    .url({ protocol: /^https?$/, error: "The public link must be an http(s) URL." })
    .max(
      L.publicUrlMaxChars,
      `The public link is at most ${L.publicUrlMaxChars.toLocaleString("en")} characters.`,
    )
    .optional(),
});

/** What a reporter writes. Everything here is encrypted; only `alreadyPublic`/`publicUrl` are also sent in clear. */
export const ZReportContent = z
  .object({
    title: text(L.titleMaxChars, "Title"),
    component: text(L.componentMaxChars, "Affected component"),
    affectedVersions: text(L.affectedVersionsMaxChars, "Affected versions"),
    description: text(L.textMaxChars, "Description"),
    stepsToReproduce: text(L.textMaxChars, "Steps to reproduce"),
    impact: text(L.textMaxChars, "Impact"),
    cvssVector: ZCvssVector.optional(),
    ...ZPublicity.shape,
    credit: ZCredit,
    attachments: z
      .array(ZAttachmentMeta)
      .max(L.attachmentsMaxCount, `Attach at most ${L.attachmentsMaxCount} files.`),
  })
  .superRefine((report, ctx) => {
    const total = report.attachments.reduce((sum, a) => sum + a.size, 0);
    if (total > L.attachmentsMaxTotalBytes) {
      ctx.addIssue({
        code: "custom",
        path: ["attachments"],
        message: `Attachments are at most ${MAX_ATTACHMENTS} in total. Leave out or shrink the largest.`,
      });
    }
  });
export type TReportContent = z.infer<typeof ZReportContent>;
