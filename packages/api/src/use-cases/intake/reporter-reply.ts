import { randomUUID } from "node:crypto";
import { checkMailPublicKey, encryptBytes, encryptText, REPORT_LIMITS as L } from "@disclose/crypto";
import { type AnyTx, appendAuditEvent, type Db, type DbTx, txQuery } from "@disclose/db";
import { formatUtc, matchesThreadByHeaders } from "@disclose/domain";
import type { TReadMail } from "@disclose/email";
import { AppError, AppErrorCode } from "../../errors";
import { caseItemRecipients } from "../access/case-readers";
import { insertKeyPackets, keyPacketRowsFor, type TKeyPacketRow } from "../access/key-packets";
import { loadCaseFacts } from "../cases/case-access";
import { teamKeysOfMessage } from "../team-keys/team-key-access";
import { reportOfReplyAddress } from "./reply-address";

/** Beyond this a reply's text goes to the report's files (a message is at most L.messageCiphertextMaxBytes). */
const LONG_TEXT_CHARS = 100_000;

/** The id part of the Message-IDs our outbox gives each mail (`<outbox.<uuid>@domain>`, see messageIdFor). */
const OUR_MESSAGE_ID =
  /<?outbox\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@[^\s<>]+>?/gi;

/**
 * The report a mail answers, or null for a new report. Its reply address (an unguessable token) counts from any
 * sender; without one, In-Reply-To or References must name a mail we sent that report's reporter AND it must come
 * from the address the report came from (Message-IDs are seen by anyone the mail passed).
 */
export async function reportAnswered(
  db: Db,
  { mail, security }: { mail: TReadMail; security: string | null },
): Promise<string | null> {
  const h = mail.headers;
  if (security) {
    const byToken = await reportOfReplyAddress(db, {
      recipients: [...h.to, ...h.cc, ...h.deliveredTo],
      security,
    });
    if (byToken) return byToken;
  }
  const named = [h.inReplyTo ?? "", ...h.references].join(" ");
  const ids = [...named.matchAll(OUR_MESSAGE_ID)].map((m) => (m[1] as string).toLowerCase());
  if (ids.length === 0) return null;
  const candidates = await txQuery<{ report_id: string; email_from: string | null; outbox_id: string }>(
    db,
    `SELECT l.report_id::text AS report_id, r.email_from, l.outbox_message_id::text AS outbox_id
       FROM report_outbox_messages l JOIN reports r ON r.id = l.report_id
      WHERE l.outbox_message_id = ANY($1::uuid[]) AND r.source = 'email'`,
    [[...new Set(ids)].slice(0, 20)],
  );
  for (const c of candidates) {
    if (!c.email_from) continue;
    const ours = [...named.matchAll(OUR_MESSAGE_ID)]
      .filter((m) => (m[1] as string).toLowerCase() === c.outbox_id)
      .map((m) => m[0]);
    if (
      matchesThreadByHeaders(
        { inReplyTo: h.inReplyTo, references: h.references, from: h.from },
        { messageIds: ours, reporterAddress: c.email_from },
      )
    )
      return c.report_id;
  }
  return null;
}

/**
 * The first key the mail offers that is a usable OpenPGP public key (Autocrypt first, then an attached key), or null.
 */
export async function offeredReporterKey(
  mail: TReadMail,
  now: Date,
): Promise<{ fingerprint: string; publicKey: string } | null> {
  for (const key of mail.offeredKeys.slice(0, 5)) {
    const checked = await checkMailPublicKey({ key, now });
    if (checked.ok) return { fingerprint: checked.fingerprint, publicKey: checked.publicKey };
  }
  return null;
}

/**
 * Makes the reporter's own key (from their mail) the report's reporter key: what the team's replies are encrypted
 * to from now on, in the thread and by mail. A newer key replaces an older one (a reporter's mail program sends
 * its current key with every mail).
 */
export async function adoptReporterKey(
  tx: AnyTx,
  { reportId, key }: { reportId: string; key: { fingerprint: string; publicKey: string } },
): Promise<void> {
  await txQuery(
    tx,
    `UPDATE reports SET reporter_public_key = $2, email_reporter_key_fingerprint = $3
      WHERE id = $1::uuid AND email_reporter_key_fingerprint IS DISTINCT FROM $3`,
    [reportId, key.publicKey, key.fingerprint],
  );
}

/**
 * A reporter's answer by mail, added to the report's thread encrypted on receipt to everyone who reads the case
 * now (and to the reporter's key, like a message from the tracking page); its files join the report's files the
 * same way. A message the reporter encrypted themselves is stored as its packets when a reader of ours can open
 * it. `record` runs in the same transaction (the pick-up's exactly-once record). Nothing of it is written in clear.
 */
export async function addReporterReply({
  db,
  reportId,
  mail,
  now,
  record,
}: {
  db: Db;
  reportId: string;
  mail: TReadMail;
  now: Date;
  record: (tx: DbTx) => Promise<void>;
}): Promise<{ messageId: string }> {
  const key = await offeredReporterKey(mail, now);
  return db.$transaction(
    async (tx) => {
      const facts = await loadCaseFacts(tx, reportId);
      if (!facts) throw new AppError(AppErrorCode.NOT_FOUND, "There is no such report.");
      if (key) await adoptReporterKey(tx, { reportId, key });
      const message = await recipientsOf(tx, facts, "reporter-message", now);
      const files = await recipientsOf(tx, facts, "attachment", now);
      const messageId = randomUUID();
      const rows: TKeyPacketRow[] = [];

      // A long mail (a whole log pasted in) is kept whole as a file rather than refused as a message.
      const long = !mail.armoredMessage && mail.text.length > LONG_TEXT_CHARS;
      const attachments = long
        ? [
            ...mail.attachments,
            { name: "mail-text.txt", type: "text/plain", data: new TextEncoder().encode(mail.text) },
          ]
        : mail.attachments;
      const attachmentIds: string[] = [];
      if (attachments.length > 0) {
        const [last] = await txQuery<{ position: number | null }>(
          tx,
          "SELECT max(position) AS position FROM report_attachments WHERE report_id = $1::uuid",
          [reportId],
        );
        let position = (last?.position ?? -1) + 1;
        for (const file of attachments) {
          const id = randomUUID();
          const ciphertext = await encryptBytes(file.data, files.keys, file.name);
          rows.push(
            ...(await keyPacketRowsFor({
              reportId,
              item: { kind: "attachment", id },
              message: ciphertext,
              required: files.readers,
              field: "attachment",
            })),
          );
          await tx.reportAttachment.create({
            data: {
              id,
              reportId,
              ciphertext: new Uint8Array(ciphertext),
              size: ciphertext.byteLength,
              position: position++,
            },
          });
          attachmentIds.push(id);
        }
      }

      let ciphertext: string;
      if (mail.armoredMessage) {
        ciphertext = mail.armoredMessage.replaceAll("\r\n", "\n").trim();
        const mine = await keyPacketRowsFor({
          reportId,
          item: { kind: "reporter-message", id: messageId },
          message: ciphertext,
          required: [],
          optional: message.readers,
          field: "message",
        });
        // Encrypted only to the long-published team key, as the first mail may well have been: a member opens it
        // with that key (open-with-team-key.ts) and the grant step brings in the others.
        const forStaff = mine.some((r) => r.key.reader === "staff");
        if (!forStaff && (await teamKeysOfMessage(tx, ciphertext)).length === 0) {
          throw new AppError(AppErrorCode.BAD_INPUT, "The reply is not encrypted to any key of the team.");
        }
        rows.push(...mine);
      } else {
        ciphertext = await encryptText(replyText(mail, attachmentIds.length, long), message.keys);
        rows.push(
          ...(await keyPacketRowsFor({
            reportId,
            item: { kind: "reporter-message", id: messageId },
            message: ciphertext,
            required: message.readers,
            field: "message",
          })),
        );
      }
      if (ciphertext.length > L.messageCiphertextMaxBytes) {
        throw new AppError(AppErrorCode.PAYLOAD_TOO_LARGE, "The reply is too long for the thread.");
      }
      await tx.reportMessage.create({
        data: {
          id: messageId,
          reportId,
          author: "reporter",
          ciphertext,
          byEmail: mail.armoredMessage ? "encrypted" : "in clear",
          createdAt: now,
        },
      });
      await insertKeyPackets(tx, rows, now);
      await tx.report.update({ where: { id: reportId }, data: { waitingOnReporterSince: null } });
      await record(tx);
      await appendAuditEvent(tx, {
        actorKind: "reporter",
        action: "report.message_posted",
        subjectType: "report",
        subjectId: reportId,
        data: {
          messageId,
          author: "reporter",
          source: "email",
          attachments: attachmentIds.length,
          recipients: rows.filter((r) => r.item.id === messageId).map((r) => r.key.fingerprint),
        },
        occurredAt: now,
      });
      return { messageId };
    },
    { timeout: 60_000 },
  );
}

async function recipientsOf(
  tx: DbTx,
  facts: NonNullable<Awaited<ReturnType<typeof loadCaseFacts>>>,
  kind: "reporter-message" | "attachment",
  now: Date,
) {
  const { staff, reporter } = await caseItemRecipients(tx, { facts, kind, now });
  const readers = [...staff, ...(reporter ? [reporter] : [])];
  return { readers, keys: readers.map((r) => r.armoredPublicKey) };
}

/** The reply as the thread shows it: the mail's date and subject, its text, and where its files went. */
function replyText(mail: TReadMail, files: number, long: boolean): string {
  return [
    `Date: ${mail.date ? formatUtc(mail.date) : "not given"}`,
    `Subject: ${mail.headers.subject?.trim() || "(no subject)"}`,
    "",
    long
      ? "(The mail's text is long: it is in the report's files as mail-text.txt.)"
      : mail.text || "(no text)",
    ...(files > 0
      ? ["", `(${files === 1 ? "1 file" : `${files} files`} attached: added to the report's files.)`]
      : []),
  ].join("\n");
}
