import { type AnyTx, type Db, type SqlTx, txQuery, withSqlTransaction } from "@disclose/db";
import {
  autoReplyHeaders,
  bounceText,
  classifyIncoming,
  formatUtc,
  INTAKE_BOUNCE_SUBJECT,
  MAIL_MAX_BYTES,
  MAIL_RATE_LIMITS,
  mayAutoReply,
  type TIntakePolicy,
} from "@disclose/domain";
import {
  enqueueEmail,
  readMail,
  readMailHeaders,
  renderEmail,
  type SecurityMailbox,
  type TMailHead,
  type TReadMail,
} from "@disclose/email";
import { apiEnv } from "../../env";
import { AppError, AppErrorCode } from "../../errors";
import { consumeRateLimit, countersFor } from "../rate-limits/consume-rate-limit";
import { submitPlaintextReport } from "../reports/submit-plaintext-report";
import { linkReporterEmail } from "../retention/reporter-emails";
import { newReplyAddress, securityAddress } from "./reply-address";
import { addReporterReply, adoptReporterKey, offeredReporterKey, reportAnswered } from "./reporter-reply";

/** A subject longer than a report's title is cut: the whole subject is in the encrypted text anyway. */
const TITLE_MAX_CHARS = 200;

export type TIntakeOutcome = "report" | "reply" | "skipped" | "quarantined";

export interface TPickUpResult {
  reports: number;
  /** Reporters' answers added to their reports' threads. */
  replies: number;
  skipped: number;
  quarantined: number;
}

/**
 * Picks up every message waiting in the security mailbox, once each. A reporter's mail becomes a report,
 * encrypted on receipt exactly like the no-JavaScript form (nothing of it is logged or written anywhere in clear);
 * mail from staff and the team's list stays where it is; automatic mail, bounces and mail that cannot be read or
 * stored are moved aside to the quarantine folder for the PST, never dropped. Each message's UIDVALIDITY + UID is
 * recorded in the transaction that stores its report, and the message is moved only after that commit: a crash at
 * any point loses nothing and makes no second report (the next round finds the record and only moves it).
 */
export async function pickUpMail({
  db,
  mailbox,
  policy,
  now,
  security = securityAddress(),
}: {
  db: Db;
  mailbox: SecurityMailbox;
  policy: TIntakePolicy;
  now: () => Date;
  /** The security address reply addresses are made from (default: from SECURITY_IMAP_URL; null: none). */
  security?: string | null;
}): Promise<TPickUpResult> {
  const result: TPickUpResult = { reports: 0, replies: 0, skipped: 0, quarantined: 0 };
  const key = (uid: number) => ({
    mailbox: mailbox.name,
    uidValidity: mailbox.uidValidity,
    uid: BigInt(uid),
  });
  for (const { uid, size } of await mailbox.waiting()) {
    const recorded = await db.mailIntakeMessage.findUnique({ where: { mailbox_uidValidity_uid: key(uid) } });
    if (recorded) {
      // Processed before the move could happen (a crash, a dropped connection): only the move is left.
      if (recorded.outcome !== "skipped" && recorded.movedAt === null)
        await moved(uid, recorded.outcome as TIntakeOutcome);
      continue;
    }
    const outcome = await process(uid, size);
    result[outcome === "report" ? "reports" : outcome === "reply" ? "replies" : outcome]++;
  }
  return result;

  async function process(uid: number, size: number): Promise<TIntakeOutcome> {
    // Beyond the limit by the server's word: not downloaded, not parsed. Its headers alone decide: the PST's own
    // mail stays in place, automatic mail and bounces are kept aside unanswered, the rest is bounced and kept aside.
    if (size > MAIL_MAX_BYTES) {
      const header = await mailbox.headers(uid);
      if (!header) return "skipped";
      const head = await readMailHeaders(header, size).catch(() => null);
      const early = head?.headers.from ? classifyIncoming(head.headers, policy) : null;
      if (early?.kind === "skip") return record(uid, "skipped", early.why);
      if (early?.kind === "bounce-notice" || early?.kind === "auto")
        return record(uid, "quarantined", early.why);
      return tooLarge(uid, size, head);
    }
    const source = await mailbox.source(uid);
    if (!source) return "skipped";
    let mail: TReadMail;
    try {
      mail = await readMail(source);
    } catch {
      return record(uid, "quarantined", "unreadable");
    }
    // Without a sender's address it is not mail a person sent (or its header is broken): the PST looks at it.
    if (!mail.headers.from) return record(uid, "quarantined", "unreadable");
    const decision = classifyIncoming(
      { ...mail.headers, sizeBytes: Math.max(size, source.byteLength) },
      policy,
    );
    switch (decision.kind) {
      case "skip":
        return record(uid, "skipped", decision.why);
      case "bounce-notice":
      case "auto":
        return record(uid, "quarantined", decision.why);
      case "too-large":
        return tooLarge(uid, decision.sizeBytes, mail);
      case "take":
        // A flood from one address (or from many) is kept aside past its limit, not lost: the PST can look.
        if (!(await withinLimits(mail.headers.from ?? ""))) return record(uid, "quarantined", "rate-limited");
        {
          // An answer to mail we sent a reporter joins that report's thread instead of starting a report.
          const answered = await reportAnswered(db, { mail, security });
          return answered ? reply(uid, mail, answered) : report(uid, mail);
        }
    }
  }

  async function report(uid: number, mail: TReadMail): Promise<TIntakeOutcome> {
    const at = now();
    const from = mail.headers.from ?? "";
    const subject = mail.headers.subject?.trim() || "(no subject)";
    const reporterKey = await offeredReporterKey(mail, at);
    const text = [
      `From: ${from}`,
      `Date: ${mail.date ? formatUtc(mail.date) : "not given"}`,
      `Subject: ${subject}`,
      "",
      mail.text || "(no text)",
    ].join("\n");
    try {
      await submitPlaintextReport({
        db,
        now: at,
        input: {
          files: mail.attachments,
          ...(mail.armoredMessage ? { armoredMessage: mail.armoredMessage } : {}),
        },
        email: {
          from,
          date: mail.date,
          text,
          title: subject.slice(0, TITLE_MAX_CHARS),
          alsoInTransaction: async (sql, reportId) => {
            await insertRecord(sql, uid, "report", null, reportId, at);
            if (reporterKey) await adoptReporterKey(sql, { reportId, key: reporterKey });
            await sendReceipt(sql, reportId, mail, at);
            // Counted in the report's transaction: a crash after its commit cannot lose the count (nor a commit).
            await txQuery(
              sql,
              `INSERT INTO mail_intake_status (id, last_pickup_at, reports_taken) VALUES (1, $1, 1)
               ON CONFLICT (id) DO UPDATE SET reports_taken = mail_intake_status.reports_taken + 1`,
              [at],
            );
          },
        },
      });
    } catch (error) {
      // Refused as a report (beyond a limit, a message naming no recipient at all): kept aside, never lost. Mail
      // encrypted to a key no one here holds is not refused: submitReport keeps it flagged (intake/unheld-keys.ts).
      if (error instanceof AppError)
        return record(uid, "quarantined", `refused: ${error.code.toLowerCase()}`);
      throw error;
    }
    await moved(uid, "report");
    return "report";
  }

  /** A reporter's answer by mail: into the thread, recorded once in the same transaction, then moved. */
  async function reply(uid: number, mail: TReadMail, reportId: string): Promise<TIntakeOutcome> {
    const at = now();
    try {
      await addReporterReply({
        db,
        reportId,
        mail,
        now: at,
        record: (tx) => insertRecord(tx, uid, "reply", null, reportId, at),
      });
    } catch (error) {
      if (error instanceof AppError)
        return record(uid, "quarantined", `refused reply: ${error.code.toLowerCase()}`);
      throw error;
    }
    await moved(uid, "reply");
    return "reply";
  }

  async function withinLimits(sender: string): Promise<boolean> {
    try {
      await consumeRateLimit({
        db,
        counters: [
          ...countersFor(MAIL_RATE_LIMITS.perSender, sender),
          ...countersFor(MAIL_RATE_LIMITS.all, "all"),
        ],
        now: now(),
      });
      return true;
    } catch (error) {
      if (error instanceof AppError && error.code === AppErrorCode.RATE_LIMITED) return false;
      throw error;
    }
  }

  /**
   * The automatic receipt, in the report's transaction: no content, no link, marked as automatic; never to
   * automatic mail, lists, bounces or ourselves (the domain's mayAutoReply), and a few a day per address at most.
   */
  async function sendReceipt(sql: SqlTx, reportId: string, mail: TReadMail, at: Date): Promise<void> {
    const to = mail.headers.from;
    const ours = [...policy.ownAddresses][0];
    if (!to || !ours || !mayAutoReply(mail.headers, policy) || !(await withinAutomaticLimit(to, at))) return;
    const { id } = await enqueueEmail(sql, {
      to,
      ...renderEmail("mailReceipt", { receivedAt: formatUtc(at) }),
      headers: {
        ...autoReplyHeaders(ours),
        ...(mail.messageId ? { "In-Reply-To": mail.messageId } : {}),
        // Answering the receipt continues the report's conversation (their answer joins its thread).
        ...(security ? { "Reply-To": await newReplyAddress(sql, { reportId, security, now: at }) } : {}),
      },
    });
    // The reporter's address in the outbox is personal data: erased with the report's, like the form's mail.
    await linkReporterEmail(sql, { reportId, outboxMessageId: id });
  }

  /** Records a message that is not a report, then moves it aside (a skipped one stays where it is). */
  async function record(uid: number, outcome: TIntakeOutcome, reason: string): Promise<TIntakeOutcome> {
    const at = now();
    await db.mailIntakeMessage.createMany({
      data: [{ ...key(uid), outcome, reason, processedAt: at }],
      skipDuplicates: true,
    });
    if (outcome !== "skipped") await moved(uid, outcome);
    return outcome;
  }

  async function insertRecord(
    sql: AnyTx,
    uid: number,
    outcome: TIntakeOutcome,
    reason: string | null,
    reportId: string | null,
    at: Date,
  ): Promise<void> {
    await txQuery(
      sql,
      `INSERT INTO mail_intake_messages (mailbox, uid_validity, uid, outcome, reason, report_id, processed_at)
       VALUES ($1, $2, $3, $4, $5, $6::uuid, $7)`,
      [mailbox.name, mailbox.uidValidity.toString(), uid, outcome, reason, reportId, at],
    );
  }

  async function moved(uid: number, outcome: TIntakeOutcome): Promise<void> {
    await mailbox.moveTo(uid, outcome === "report" || outcome === "reply" ? "processed" : "quarantine");
    await db.mailIntakeMessage.update({
      where: { mailbox_uidValidity_uid: key(uid) },
      data: { movedAt: now() },
    });
  }

  /**
   * Mail beyond MAIL_MAX_BYTES: kept aside for the PST, never dropped, and its sender told the limit and how to
   * send the report instead, when an automatic answer may go there (mayAutoReply: never to automatic mail, lists,
   * bounces or ourselves; a few a day per address). The bounce repeats nothing of the message but its size; it is
   * queued in the transaction that records the message, which is moved only after that commit.
   */
  async function tooLarge(uid: number, sizeBytes: number, head: TMailHead | null): Promise<TIntakeOutcome> {
    const at = now();
    const to = head?.headers.from ?? null;
    const ours = [...policy.ownAddresses][0];
    const answer =
      to !== null &&
      ours !== undefined &&
      head !== null &&
      mayAutoReply(head.headers, policy) &&
      (await withinAutomaticLimit(to, at));
    await withSqlTransaction(db, async (sql) => {
      const recorded = await txQuery(
        sql,
        `INSERT INTO mail_intake_messages (mailbox, uid_validity, uid, outcome, reason, processed_at)
         VALUES ($1, $2, $3, 'quarantined', 'too-large', $4)
         ON CONFLICT DO NOTHING RETURNING uid`,
        [mailbox.name, mailbox.uidValidity.toString(), uid, at],
      );
      if (recorded.length === 0 || !answer || to === null || ours === undefined) return;
      await enqueueEmail(sql, {
        to,
        subject: INTAKE_BOUNCE_SUBJECT,
        text: oversizeBounceText(sizeBytes, new URL("/report", apiEnv().PORTAL_URL).toString()),
        headers: {
          ...autoReplyHeaders(ours),
          ...(head?.messageId ? { "In-Reply-To": head.messageId } : {}),
        },
      });
    });
    await moved(uid, "quarantined");
    return "quarantined";
  }

  /** Whether one more automatic mail may go to this address (MAIL_RATE_LIMITS.automaticPerRecipient). */
  async function withinAutomaticLimit(to: string, at: Date): Promise<boolean> {
    try {
      await consumeRateLimit({
        db,
        counters: countersFor(MAIL_RATE_LIMITS.automaticPerRecipient, to),
        now: at,
      });
      return true;
    } catch (error) {
      if (error instanceof AppError && error.code === AppErrorCode.RATE_LIMITED) return false;
      throw error;
    }
  }
}

/** The domain's bounce for an oversize message, with the portal's report form as the other way to send it. */
function oversizeBounceText(sizeBytes: number, reportFormUrl: string): string {
  const text = bounceText({ kind: "too-large", sizeBytes, limitBytes: MAIL_MAX_BYTES });
  const form = `Or use the report form at ${reportFormUrl}: it takes the same files and encrypts your report in your browser before it is sent.`;
  const last = "This is an automatic message.\n";
  return text.endsWith(last) ? `${text.slice(0, -last.length)}${form}\n\n${last}` : `${text}\n${form}\n`;
}
