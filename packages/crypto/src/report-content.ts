import { parseCvssVector } from "@disclose/domain";
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

export const ZAttachmentMeta = z.object({
  name: z.string().min(1).max(L.attachmentNameMaxChars),
  type: z.string().max(L.attachmentTypeMaxChars),
  size: z.number().int().min(0).max(L.attachmentsMaxTotalBytes),
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
    .max(L.publicUrlMaxChars)
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
      .max(L.attachmentsMaxCount, `At most ${L.attachmentsMaxCount} attachments.`),
  })
  .superRefine((report, ctx) => {
    const total = report.attachments.reduce((sum, a) => sum + a.size, 0);
    if (total > L.attachmentsMaxTotalBytes) {
      ctx.addIssue({
        code: "custom",
        path: ["attachments"],
        message: `Attachments are at most ${L.attachmentsMaxTotalBytes / 1024 / 1024} MB in total.`,
      });
    }
  });
export type TReportContent = z.infer<typeof ZReportContent>;
