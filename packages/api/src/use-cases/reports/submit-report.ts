import { randomUUID } from "node:crypto";
import {
  armorMessage,
  checkReporterKeyPair,
  dearmorMessage,
  encryptedMessageKeyIds,
  REPORT_LIMITS as L,
} from "@disclose/crypto";
import { appendAuditEvent, type Db, type SqlTx, withSqlTransaction } from "@disclose/db";
import { enqueueEmail, renderEmail } from "@disclose/email";
import { z } from "zod";
import { apiEnv } from "../../env";
import { AppError, AppErrorCode } from "../../errors";
import { reporterReaderKey } from "../access/case-readers";
import {
  insertKeyPacketsSql,
  keyPacketParams,
  keyPacketRowsFor,
  type TKeyPacketRow,
  type TReaderKey,
} from "../access/key-packets";
import { queueNewReportAlert } from "../alerts/alert-pst-of-new-report";
import { keepUnheldMail } from "../intake/unheld-keys";
import { listPstKeys, pstEncryptionKeyIds, type TPstKey, type TPstKeyWithOwner } from "../keys/list-pst-keys";
import { linkReporterEmail } from "../retention/reporter-emails";
import { teamKeysOfMessage } from "../team-keys/team-key-access";
import { newTrackingSecret } from "./tracking-token";

const bad = (field: string, message: string) => new AppError(AppErrorCode.BAD_INPUT, message, { field });

/** Plaintext metadata sent beside the ciphertext: the least the PST needs before decrypting. */
export const ZReportMetadata = z.object({
  alreadyPublic: z.boolean(),
  publicUrl: z
    .url({ protocol: /^https?$/, error: "The public link must be an http(s) URL." })
    .max(L.publicUrlMaxChars, `The public link is at most ${L.publicUrlMaxChars} characters.`)
    .optional(),
  notifyEmail: z
    .email({ error: "This email address does not look valid." })
    .max(L.emailMaxChars, `An email address is at most ${L.emailMaxChars} characters.`)
    .optional(),
});
export type TReportMetadata = z.infer<typeof ZReportMetadata>;

export const ZEncryption = z.enum(["browser", "server", "reporter-armored"]);
export type TEncryption = z.infer<typeof ZEncryption>;

export interface TSubmitReportInput extends TReportMetadata {
  /** Armored OpenPGP message of the report JSON (or the reporter's own pasted message). */
  ciphertext: string;
  /**
   * Armored OpenPGP message of {title, component}, to the same keys as the report: what lists decrypt. Required
   * unless the reporter pasted their own message (then a reader writes it when they first open the report).
   */
  summary?: string;
  encryption: TEncryption;
  /** Binary OpenPGP messages, one per file. */
  attachments: Uint8Array[];
  /** Fingerprints the browser encrypted to (ignored for a reporter's own armored message). */
  recipientFingerprints: string[];
  reporterPublicKey: string;
  reporterLockedPrivateKey: string;
}

/** A report that came by email: its sender and date, and what the mailbox pick-up records in the same transaction. */
export interface TEmailOrigin {
  from: string;
  date: Date | null;
  /** Runs inside the report's transaction (the pick-up records the message there: processed exactly once). */
  alsoInTransaction: (sql: SqlTx, reportId: string) => Promise<void>;
}

export interface TSubmitReportResult {
  reportId: string;
  /** `<reportId>.<secret>`: shown to the reporter once, never stored. */
  trackingToken: string;
}

/**
 * Stores an encrypted report. Checks that what claims to be ciphertext is an OpenPGP message really
 * encrypted to every current PST key (so no member is left unable to read it), then writes the report, its
 * attachments, the audit event and the "received" email in one transaction: the reporter gets a tracking token
 * only for a committed report.
 */
export async function submitReport({
  db,
  now,
  input,
  pstKeys: knownPstKeys,
  email,
}: {
  db: Db;
  now: Date;
  input: TSubmitReportInput;
  /** The current PST keys, when the caller has just loaded them (the no-JavaScript path encrypted to them). */
  pstKeys?: TPstKeyWithOwner[];
  /** Set for a report picked up from the security mailbox. */
  email?: TEmailOrigin;
}): Promise<TSubmitReportResult> {
  checkSizes(input);
  const metadata = ZReportMetadata.safeParse({
    alreadyPublic: input.alreadyPublic,
    publicUrl: input.publicUrl,
    notifyEmail: input.notifyEmail,
  });
  if (!metadata.success) {
    const issue = metadata.error.issues[0];
    throw bad(String(issue?.path[0] ?? "report"), issue?.message ?? "Invalid report.");
  }
  const pstKeys = knownPstKeys ?? (await listPstKeys({ db, now }));
  if (pstKeys.length === 0) {
    throw new AppError(
      AppErrorCode.UNAVAILABLE,
      "The security team has no encryption keys yet, so reports cannot be received. Please try again later.",
    );
  }
  const pasted = input.encryption === "reporter-armored";
  // A reporter's own message is checked strictly as a whole armored message, then stored as its packets byte
  // for byte under plain armor: its armor headers (Comment:, Version:, anything a tool adds) are not part of
  // the message and could carry what the reporter never meant to send. What a browser encrypted is checked
  // packet by packet below (session keys for each reader, then encrypted data), which costs less.
  // Browsers send a textarea's line breaks as CRLF; armor means the same with either, so store LF.
  const ciphertext = pasted ? await reArmorPasted(input.ciphertext) : normaliseArmor(input.ciphertext);
  const keys = await checkReporterKeyPair({
    publicKey: input.reporterPublicKey,
    lockedPrivateKey: input.reporterLockedPrivateKey,
  });
  if (!keys.ok) throw bad("reporterPublicKey", keys.reason);
  const reportId = randomUUID();
  const reporterKey = reporterReaderKey(
    normaliseArmor(input.reporterPublicKey),
    keys.fingerprint,
    keys.encryptionKeyIds,
  );
  // Each key's subkey IDs looked up once, not once per item (report, summary, every file).
  const pstReaders: TReaderKey[] = await Promise.all(
    pstKeys.map(async (k) => ({
      reader: "staff" as const,
      userId: k.userId,
      name: k.userName,
      fingerprint: k.fingerprint,
      armoredPublicKey: k.armoredPublicKey,
      encryptionKeyIds: await pstEncryptionKeyIds(k),
    })),
  );
  if (!pasted) checkRecipients(pstKeys, input.recipientFingerprints);
  // Who each item is encrypted to, as key_packets rows: every current PST key, and (except for a message the
  // reporter encrypted themselves) the reporter's own key, so the tracking page can show what they sent.
  const readers = pasted
    ? { required: [], optional: [...pstReaders, reporterKey] }
    : { required: [...pstReaders, reporterKey] };
  const rows: TKeyPacketRow[] = await keyPacketRowsFor({
    reportId,
    item: { kind: "report", id: reportId },
    message: ciphertext,
    ...readers,
    field: "message",
  });
  const recipientFingerprints = rows.filter((r) => r.key.reader === "staff").map((r) => r.key.fingerprint);
  // A pasted message no current PST key can decrypt would be a report no one here can read. By email nobody is
  // there to encrypt it again, so it is kept, flagged with the keys it names, and the PST told (unheld-keys.ts).
  // Encrypted to a current team key (the project's long-published key, imported): the PST opens it with that.
  const unreadable =
    pasted && recipientFingerprints.length === 0 && (await teamKeysOfMessage(db, ciphertext)).length === 0;
  const kept = unreadable && email ? await keepUnheldMail({ tx: db, message: ciphertext, email, now }) : null;
  if (kept) email = kept;
  else if (unreadable) {
    throw bad(
      "message",
      `This message is not encrypted to any of the security team's current keys, so no one here could read it. Encrypt it to ${pstKeys.length === 1 ? "this key" : "these keys"} (all in /pgp-keys.asc): ${pstKeys.map((k) => k.fingerprint).join(", ")}.`,
    );
  }
  let summary: string | null = null;
  if (input.summary !== undefined) {
    summary = normaliseArmor(input.summary);
    if (summary.length > L.summaryCiphertextMaxBytes) throw bad("summary", "The summary is too large.");
    rows.push(
      ...(await keyPacketRowsFor({
        reportId,
        item: { kind: "summary", id: reportId },
        message: summary,
        required: pstReaders,
        field: "summary",
      })),
    );
  } else if (!pasted) {
    throw bad("summary", "The report's summary is missing.");
  }
  const attachmentIds: string[] = [];
  for (const [index, attachment] of input.attachments.entries()) {
    const id = randomUUID();
    attachmentIds.push(id);
    // Files of a pasted message arrive in clear on the no-JavaScript path and are encrypted to the PST there.
    rows.push(
      ...(await keyPacketRowsFor({
        reportId,
        item: { kind: "attachment", id },
        message: attachment,
        ...(pasted ? { required: pstReaders, optional: [reporterKey] } : readers),
        field: "attachment",
        what: `Attachment ${index + 1}`,
      })),
    );
  }

  const { secret, hash } = newTrackingSecret();
  const { alreadyPublic, publicUrl, notifyEmail } = metadata.data;
  // Plain SQL: this is the portal's hot path, and the ORM would cost more CPU than all the other work.
  await withSqlTransaction(db, async (sql) => {
    // One statement for the report and its readers' key packets: the hot path pays per round trip.
    await sql.query(
      `WITH report AS (
         INSERT INTO reports (id, received_at, ciphertext, encryption, recipient_fingerprints, already_public,
                              public_url, notify_email, tracking_secret_hash, reporter_public_key,
                              reporter_locked_private_key, summary, key_packets_indexed)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, true))
       ${insertKeyPacketsSql(13)}`,
      [
        reportId,
        now,
        ciphertext,
        input.encryption,
        recipientFingerprints,
        alreadyPublic,
        publicUrl ?? null,
        notifyEmail ?? null,
        hash,
        normaliseArmor(input.reporterPublicKey),
        normaliseArmor(input.reporterLockedPrivateKey),
        summary,
        ...keyPacketParams(rows, now),
      ],
    );
    for (const [position, data] of input.attachments.entries()) {
      await sql.query(
        "INSERT INTO report_attachments (id, report_id, ciphertext, size, position) VALUES ($1, $2, $3, $4, $5)",
        [
          attachmentIds[position],
          reportId,
          Buffer.from(data.buffer, data.byteOffset, data.byteLength),
          data.byteLength,
          position,
        ],
      );
    }
    if (email) {
      await sql.query("UPDATE reports SET source = 'email', email_from = $2, email_date = $3 WHERE id = $1", [
        reportId,
        email.from,
        email.date,
      ]);
      await email.alsoInTransaction(sql, reportId);
    }
    if (notifyEmail) {
      const received = renderEmail("reportReceived", { reportId, receivedAt: now });
      const { id } = await enqueueEmail(sql, { to: notifyEmail, ...received });
      await linkReporterEmail(sql, { reportId, outboxMessageId: id });
    }
    await queueNewReportAlert(sql, { reportId, adminUrl: apiEnv().ADMIN_URL });
    // Last, just before commit: appends hold the audit chain's lock until then, and the inserts above may be
    // 25 MB of attachments; staff actions should not wait behind them.
    // No content and no email address in the log: it is kept forever and readable by every PST member.
    await appendAuditEvent(sql, {
      actorKind: "reporter",
      action: "report.received",
      subjectType: "report",
      subjectId: reportId,
      data: {
        encryption: input.encryption,
        ...(email ? { source: "email" } : {}),
        attachments: input.attachments.length,
        alreadyPublic,
        recipientFingerprints,
      },
      occurredAt: now,
    });
  });
  return { reportId, trackingToken: `${reportId}.${secret}` };
}

/**
 * Undoes only what transport does to armored text: a form post turns every line break into CRLF, and a paste
 * may carry blank lines before the header. Everything from the header on is kept byte for byte.
 */
export function normaliseArmor(text: string): string {
  return text.replaceAll("\r\n", "\n").trimStart();
}

/** A pasted message as plain armor of exactly its packets; refused unless it is one encrypted message. */
async function reArmorPasted(text: string): Promise<string> {
  const normalised = normaliseArmor(text);
  if (!(await encryptedMessageKeyIds(normalised))) {
    throw bad("message", "The report is not an encrypted OpenPGP message.");
  }
  try {
    return armorMessage(await dearmorMessage(normalised));
  } catch {
    throw bad("message", "The report is not an encrypted OpenPGP message.");
  }
}

function checkSizes(input: TSubmitReportInput): void {
  const tooLarge = (field: string, message: string) =>
    new AppError(AppErrorCode.PAYLOAD_TOO_LARGE, message, { field });
  if (input.ciphertext.length > L.reportCiphertextMaxBytes) {
    throw tooLarge("message", "The encrypted report is too large. Shorten the text or attach it as a file.");
  }
  if (input.attachments.length > L.attachmentsMaxCount) {
    throw tooLarge("attachment", `At most ${L.attachmentsMaxCount} attachments.`);
  }
  const total = input.attachments.reduce((sum, a) => sum + a.byteLength, 0);
  if (total > L.attachmentsMaxTotalBytes + L.attachmentOverheadBytes * input.attachments.length) {
    throw tooLarge(
      "attachment",
      `Attachments are at most ${L.attachmentsMaxTotalBytes / 1024 / 1024} MB in total.`,
    );
  }
  for (const [field, key] of [
    ["reporterPublicKey", input.reporterPublicKey],
    ["reporterLockedPrivateKey", input.reporterLockedPrivateKey],
  ] as const) {
    if (key.length > L.armoredKeyMaxBytes) throw tooLarge(field, "The reporter key is too large.");
  }
  if (input.recipientFingerprints.length > 100)
    throw tooLarge("recipientFingerprints", "Too many recipients.");
}

const FINGERPRINT = /^[0-9A-F]{40}$/;

/**
 * The browser must have encrypted to exactly the current keys; else it refetches them and encrypts again.
 * (That the message really is encrypted to each of them is proven on its packets, by keyPacketRowsFor.)
 */
function checkRecipients(pstKeys: TPstKey[], claimed: string[]): void {
  const normalised = [...new Set(claimed.map((f) => f.replaceAll(/\s/g, "").toUpperCase()))];
  if (normalised.some((f) => !FINGERPRINT.test(f))) {
    throw bad("recipientFingerprints", "A recipient fingerprint is not a 40-digit hex fingerprint.");
  }
  const current = pstKeys.map((k) => k.fingerprint).sort();
  if (normalised.length !== current.length || !normalised.sort().every((f, i) => f === current[i])) {
    throw new AppError(
      AppErrorCode.STALE_RECIPIENT_KEYS,
      "The security team's keys have changed since this page loaded. Your report was not sent; it will be encrypted again to the current keys.",
      { field: "recipientFingerprints" },
    );
  }
}
