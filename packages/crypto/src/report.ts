import { z } from "zod";
import { REPORT_LIMITS } from "./limits";
import { encryptBytes, encryptText } from "./pgp";
import { type TReportContent, ZReportContent } from "./report-content";

export interface TPlainAttachment {
  name: string;
  type: string;
  data: Uint8Array;
}

export interface TEncryptedReport {
  /** Armored OpenPGP message of the report as JSON (attachment names and types included). */
  ciphertext: string;
  /** Armored OpenPGP message of the report's summary (ZReportSummary as JSON): what lists decrypt. */
  summary: string;
  /** One binary OpenPGP message per attachment, in the same order as `content.attachments`. */
  attachments: Uint8Array[];
}

/**
 * Encrypts a report and its files to every recipient key. The file list in the JSON is taken from the files
 * themselves, so the names and sizes a PST member reads match what was attached.
 */
export async function encryptReport(options: {
  content: Omit<TReportContent, "attachments"> & { attachments?: TReportContent["attachments"] };
  attachments: readonly TPlainAttachment[];
  recipientKeys: readonly string[];
}): Promise<TEncryptedReport> {
  const content = ZReportContent.parse({
    ...options.content,
    attachments: options.attachments.map((a) => ({ name: a.name, type: a.type, size: a.data.byteLength })),
  });
  const ciphertext = await encryptText(JSON.stringify({ version: 1, ...content }), options.recipientKeys);
  const summary = await encryptReportSummary(summaryOf(content), options.recipientKeys);
  const attachments: Uint8Array[] = [];
  // One at a time: 25 MB of files encrypted in parallel would hold every copy in memory at once.
  for (const file of options.attachments) {
    attachments.push(await encryptBytes(file.data, options.recipientKeys, file.name));
  }
  return { ciphertext, summary, attachments };
}

/** A report's summary: what the inbox shows of it, a few hundred bytes once encrypted. */
export const ZReportSummary = z.object({
  title: z.string().max(REPORT_LIMITS.titleMaxChars),
  component: z.string().max(REPORT_LIMITS.componentMaxChars),
});
export type TReportSummary = z.infer<typeof ZReportSummary>;

export function summaryOf(content: Pick<TReportContent, "title" | "component">): TReportSummary {
  return { title: content.title, component: content.component };
}

export async function encryptReportSummary(
  summary: TReportSummary,
  recipientKeys: readonly string[],
): Promise<string> {
  return encryptText(JSON.stringify({ version: 1, ...ZReportSummary.parse(summary) }), recipientKeys);
}

/** A decrypted summary, or null when it is not one (never throws: lists show a placeholder instead). */
export function parseReportSummary(text: string): TReportSummary | null {
  try {
    const parsed = ZReportSummary.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
