import type { Db, SqlTx } from "@disclose/db";
import {
  autoReplyHeaders,
  classifyIncoming,
  formatUtc,
  MAIL_MAX_BYTES,
  MAIL_RATE_LIMITS,
  mayAutoReply,
  type TIntakePolicy,
} from "@disclose/domain";
import { enqueueEmail, readMail, renderEmail, type SecurityMailbox, type TReadMail } from "@disclose/email";
import { AppError, AppErrorCode } from "../../errors";
import { consumeRateLimit, countersFor } from "../rate-limits/consume-rate-limit";
import { submitPlaintextReport } from "../reports/submit-plaintext-report";
import { linkReporterEmail } from "../retention/reporter-emails";

/** A subject longer than a report's title is cut: the whole subject is in the encrypted text anyway. */
const TITLE_MAX_CHARS = 200;

export type TIntakeOutcome = "report" | "skipped" | "quarantined";

export interface TPickUpResult {
  reports: number;
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
}: {
  db: Db;
  mailbox: SecurityMailbox;
  policy: TIntakePolicy;
  now: () => Date;
}): Promise<TPickUpResult> {
  const result: TPickUpResult = { reports: 0, skipped: 0, quarantined: 0 };
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
    result[outcome === "report" ? "reports" : outcome]++;
  }
  return result;

  async function process(uid: number, size: number): Promise<TIntakeOutcome> {
    // Beyond the limit by the server's word: not downloaded, not parsed.
    if (size > MAIL_MAX_BYTES) return record(uid, "quarantined", "too-large");
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
        return record(uid, "quarantined", "too-large");
      case "take":
        // A flood from one address (or from many) is kept aside past its limit, not lost: the PST can look.
        if (!(await withinLimits(mail.headers.from ?? ""))) return record(uid, "quarantined", "rate-limited");
        return report(uid, mail);
    }
  }

  async function report(uid: number, mail: TReadMail): Promise<TIntakeOutcome> {
    const at = now();
    const from = mail.headers.from ?? "";
    const subject = mail.headers.subject?.trim() || "(no subject)";
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
            await sendReceipt(sql, reportId, mail, at);
          },
        },
      });
    } catch (error) {
      // Refused as a report (encrypted to no key of ours, beyond a limit): kept aside, never lost.
      if (error instanceof AppError)
        return record(uid, "quarantined", `refused: ${error.code.toLowerCase()}`);
      throw error;
    }
    await db.$executeRaw`
      INSERT INTO mail_intake_status (id, last_pickup_at, reports_taken) VALUES (1, ${at}, 1)
      ON CONFLICT (id) DO UPDATE SET reports_taken = mail_intake_status.reports_taken + 1`;
    await moved(uid, "report");
    return "report";
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
    if (!to || !ours || !mayAutoReply(mail.headers, policy)) return;
    try {
      await consumeRateLimit({
        db,
        counters: countersFor(MAIL_RATE_LIMITS.automaticPerRecipient, to),
        now: at,
      });
    } catch {
      return;
    }
    const { id } = await enqueueEmail(sql, {
      to,
      ...renderEmail("mailReceipt", { receivedAt: formatUtc(at) }),
      headers: {
        ...autoReplyHeaders(ours),
        ...(mail.messageId ? { "In-Reply-To": mail.messageId } : {}),
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
    sql: SqlTx,
    uid: number,
    outcome: TIntakeOutcome,
    reason: string | null,
    reportId: string | null,
    at: Date,
  ): Promise<void> {
    await sql.query(
      `INSERT INTO mail_intake_messages (mailbox, uid_validity, uid, outcome, reason, report_id, processed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [mailbox.name, mailbox.uidValidity.toString(), uid, outcome, reason, reportId, at],
    );
  }

  async function moved(uid: number, outcome: TIntakeOutcome): Promise<void> {
    await mailbox.moveTo(uid, outcome === "report" ? "processed" : "quarantine");
    await db.mailIntakeMessage.update({
      where: { mailbox_uidValidity_uid: key(uid) },
      data: { movedAt: now() },
    });
  }
}
