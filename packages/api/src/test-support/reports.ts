import {
  createReporterKey,
  encryptReport,
  type TPlainAttachment,
  type TReportContent,
} from "@disclose/crypto";
import type { Db } from "@disclose/db";
import type { TPstKeyWithOwner } from "../use-cases/keys/list-pst-keys";
import { submitReport } from "../use-cases/reports/submit-report";

export const TEST_REPORT_CONTENT = {
  title: "Crash in the resolver",
  component: "resolver",
  affectedVersions: "1.x",
  description: "A crafted query crashes the resolver.",
  stepsToReproduce: "dig crafted",
  impact: "Denial of service",
  alreadyPublic: false,
  credit: { mode: "anonymous" },
} satisfies Omit<TReportContent, "attachments">;

/**
 * A report submitted as the portal's browser path makes it: report, summary and files encrypted to the current
 * PST keys and the reporter's own key. Returns the tracking token and the reporter's key (with its keySecret).
 */
export async function submitTestReport(
  db: Db,
  options: {
    pstKeys: TPstKeyWithOwner[];
    now: Date;
    content?: Partial<Omit<TReportContent, "attachments">>;
    attachments?: TPlainAttachment[];
    notifyEmail?: string;
  },
) {
  const reporter = await createReporterKey();
  const content = { ...TEST_REPORT_CONTENT, ...options.content };
  const encrypted = await encryptReport({
    content,
    attachments: options.attachments ?? [],
    recipientKeys: [...options.pstKeys.map((k) => k.armoredPublicKey), reporter.publicKey],
  });
  const result = await submitReport({
    db,
    now: options.now,
    input: {
      ciphertext: encrypted.ciphertext,
      summary: encrypted.summary,
      encryption: "browser",
      attachments: encrypted.attachments,
      recipientFingerprints: options.pstKeys.map((k) => k.fingerprint),
      reporterPublicKey: reporter.publicKey,
      reporterLockedPrivateKey: reporter.lockedPrivateKey,
      alreadyPublic: content.alreadyPublic,
      ...(options.notifyEmail ? { notifyEmail: options.notifyEmail } : {}),
    },
  });
  return { ...result, reporter, encrypted };
}
