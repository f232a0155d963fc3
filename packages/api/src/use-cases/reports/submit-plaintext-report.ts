import {
  createReporterKey,
  encryptBytes,
  encryptReport,
  encryptReportSummary,
  encryptText,
  isArmoredPgpMessage,
  REPORT_LIMITS as L,
  summaryOf,
  type TPlainAttachment,
  ZPublicity,
  ZReportContent,
} from "@disclose/crypto";
import type { Db } from "@disclose/db";
import { AppError, AppErrorCode } from "../../errors";
import { listPstKeys } from "../keys/list-pst-keys";
import { normaliseArmor, submitReport, type TEmailOrigin, type TSubmitReportResult } from "./submit-report";

export interface TSubmitPlaintextReportInput {
  /** The form's fields as a report (validated here with ZReportContent; `attachments` is taken from `files`). */
  content?: unknown;
  /**
   * A reporter's own armored PGP message, stored instead of `content` when given (as its packets, without armor
   * headers, and only if a current PST key can decrypt it; only `alreadyPublic` and `publicUrl` of `content` are
   * used then).
   */
  armoredMessage?: string;
  files: TPlainAttachment[];
  notifyEmail?: string;
}

/**
 * The no-JavaScript path: the server receives the plaintext and encrypts it at once to the current PST keys,
 * holding it only in memory — nothing of it is logged, written to a file or stored (the rows get ciphertext
 * only). Makes the reporter's key pair here too and hands its keySecret back for the link's fragment, then
 * forgets it.
 */
export async function submitPlaintextReport({
  db,
  now,
  input,
  email,
}: {
  db: Db;
  now: Date;
  input: TSubmitPlaintextReportInput;
  /** Set for a report picked up from the security mailbox: `text` is the mail as it reads, not a form's JSON. */
  email?: TEmailOrigin & { text: string; title: string };
}): Promise<TSubmitReportResult & { keySecret: string }> {
  checkFiles(input.files);
  const pstKeys = await listPstKeys({ db, now });
  if (pstKeys.length === 0) {
    throw new AppError(
      AppErrorCode.UNAVAILABLE,
      "The security team has no encryption keys yet, so reports cannot be received. Please try again later.",
    );
  }
  // The reporter's key too: the tracking page shows the reporter what they sent.
  const reporterKey = await createReporterKey();
  const recipientKeys = [...pstKeys.map((k) => k.armoredPublicKey), reporterKey.publicKey];
  const armored = input.armoredMessage ? normaliseArmor(input.armoredMessage) : undefined;

  let ciphertext: string;
  let summary: string | undefined;
  let alreadyPublic = false;
  let publicUrl: string | undefined;
  let encryption: "server" | "reporter-armored" = "server";
  let attachments: Uint8Array[];
  if (armored) {
    if (!(await isArmoredPgpMessage(armored))) {
      throw new AppError(
        AppErrorCode.BAD_INPUT,
        "The pasted text is not a complete encrypted PGP message (from -----BEGIN PGP MESSAGE----- to -----END PGP MESSAGE-----).",
        { field: "armoredReport" },
      );
    }
    ciphertext = armored;
    encryption = "reporter-armored";
    // Whether the issue is public is plaintext metadata on every path, so a pasted message keeps it too.
    const publicity = ZPublicity.safeParse(input.content ?? {});
    if (publicity.success) {
      alreadyPublic = publicity.data.alreadyPublic;
      publicUrl = publicity.data.publicUrl;
    }
    // Files still arrive in clear on this path: encrypt them to the PST like any other.
    attachments = (await encryptReportFiles(input.files, recipientKeys)).attachments;
  } else if (email) {
    // A mail has no form fields: its text is the report, its subject the inbox's title.
    const encrypted = await encryptEmailReport({
      text: email.text,
      title: email.title,
      attachments: input.files,
      recipientKeys,
    });
    ciphertext = encrypted.ciphertext;
    summary = encrypted.summary;
    attachments = encrypted.attachments;
  } else {
    const parsed = ZReportContent.safeParse({
      ...(typeof input.content === "object" && input.content !== null ? input.content : {}),
      attachments: input.files.map((f) => ({ name: f.name, type: f.type, size: f.data.byteLength })),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      // zod messages name limits, never echo the value.
      throw new AppError(AppErrorCode.BAD_INPUT, issue?.message ?? "The report is not valid.", {
        field: String(issue?.path[0] ?? "report"),
      });
    }
    const encrypted = await encryptReport({ content: parsed.data, attachments: input.files, recipientKeys });
    ciphertext = encrypted.ciphertext;
    summary = encrypted.summary;
    attachments = encrypted.attachments;
    alreadyPublic = parsed.data.alreadyPublic;
    publicUrl = parsed.data.publicUrl;
  }
  const result = await submitReport({
    db,
    now,
    pstKeys,
    input: {
      ciphertext,
      ...(summary ? { summary } : {}),
      encryption,
      attachments,
      recipientFingerprints: pstKeys.map((k) => k.fingerprint),
      reporterPublicKey: reporterKey.publicKey,
      reporterLockedPrivateKey: reporterKey.lockedPrivateKey,
      alreadyPublic,
      ...(publicUrl ? { publicUrl } : {}),
      ...(input.notifyEmail ? { notifyEmail: input.notifyEmail } : {}),
    },
    ...(email ? { email } : {}),
  });
  return { ...result, keySecret: reporterKey.keySecret };
}

function checkFiles(files: TPlainAttachment[]): void {
  if (files.length > L.attachmentsMaxCount) {
    throw new AppError(AppErrorCode.PAYLOAD_TOO_LARGE, `At most ${L.attachmentsMaxCount} attachments.`, {
      field: "attachment",
    });
  }
  const total = files.reduce((sum, f) => sum + f.data.byteLength, 0);
  if (total > L.attachmentsMaxTotalBytes) {
    throw new AppError(
      AppErrorCode.PAYLOAD_TOO_LARGE,
      `Attachments are at most ${L.attachmentsMaxTotalBytes / 1024 / 1024} MB in total.`,
      { field: "attachment" },
    );
  }
}

/** A mail's text (and its files, each under its own name) encrypted like a report, with the subject as the summary. */
async function encryptEmailReport({
  text,
  title,
  attachments: files,
  recipientKeys,
}: {
  text: string;
  title: string;
  attachments: TPlainAttachment[];
  recipientKeys: string[];
}) {
  const [ciphertext, summary, { attachments }] = await Promise.all([
    encryptText(text, recipientKeys),
    encryptReportSummary(summaryOf({ title, component: "Reported by email" }), recipientKeys),
    encryptReportFiles(files, recipientKeys),
  ]);
  return { ciphertext, summary, attachments };
}

async function encryptReportFiles(files: TPlainAttachment[], recipientKeys: string[]) {
  const attachments: Uint8Array[] = [];
  for (const file of files) attachments.push(await encryptBytes(file.data, recipientKeys, file.name));
  return { attachments };
}
