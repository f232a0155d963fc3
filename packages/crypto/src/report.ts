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
  const attachments: Uint8Array[] = [];
  // One at a time: 25 MB of files encrypted in parallel would hold every copy in memory at once.
  for (const file of options.attachments) {
    attachments.push(await encryptBytes(file.data, options.recipientKeys, file.name));
  }
  return { ciphertext, attachments };
}
