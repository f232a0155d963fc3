import { REPORT_LIMITS as L } from "@disclose/crypto";
import { type AnyTx, appendAuditEvent, type DbTx } from "@disclose/db";
import { type CaseState, REPORTER_STATE_TEXT, reporterStateOf, type TCaseFacts } from "@disclose/domain";
import { enqueueEmail, renderEmail } from "@disclose/email";
import { AppError, AppErrorCode } from "../../errors";
import { caseItemRows } from "../access/case-readers";
import { insertKeyPackets, type TKeyPacketRow } from "../access/key-packets";
import { mailReportState, type TMailedAs } from "../intake/mail-team-message";
import { normaliseArmor } from "../reports/submit-report";
import { linkReporterEmail } from "../retention/reporter-emails";

/**
 * Checks a team reply before it is stored: an armored OpenPGP message encrypted in the staff member's browser
 * to the reporter's key and to everyone who reads the case now (else refused as stale: the browser fetches the
 * reader keys again), within the size limit. Returns the message and its recipients' key packets.
 */
export async function checkPstMessage(
  tx: AnyTx,
  {
    facts,
    ciphertext,
    messageId,
    now,
  }: { facts: TCaseFacts; ciphertext: string; messageId: string; now: Date },
): Promise<{ message: string; rows: TKeyPacketRow[] }> {
  const message = normaliseArmor(ciphertext);
  if (message.length > L.messageCiphertextMaxBytes) {
    throw new AppError(AppErrorCode.PAYLOAD_TOO_LARGE, "The message is too long.", { field: "message" });
  }
  const rows = await caseItemRows(tx, {
    facts,
    item: { kind: "reporter-message", id: messageId },
    message,
    field: "message",
    now,
  });
  return { message, rows };
}

/** Stores a team reply in the thread with its recipients' key packets, and audits it. */
export async function storePstMessage(
  tx: DbTx,
  {
    reportId,
    messageId,
    userId,
    message,
    rows,
    now,
    mailedAs = null,
  }: {
    reportId: string;
    messageId: string;
    userId: string;
    message: string;
    rows: TKeyPacketRow[];
    now: Date;
    /** For a reporter who wrote by email: how the message went to them (see mailTeamMessage). */
    mailedAs?: TMailedAs;
  },
): Promise<{ messageId: string }> {
  const created = await tx.reportMessage.create({
    data: {
      id: messageId,
      reportId,
      author: "pst",
      authorUserId: userId,
      ciphertext: message,
      byEmail: mailedAs,
      createdAt: now,
    },
    select: { id: true },
  });
  await insertKeyPackets(tx, rows, now);
  await appendAuditEvent(tx, {
    actorId: userId,
    actorKind: "user",
    action: "report.message_posted",
    subjectType: "report",
    subjectId: reportId,
    data: {
      messageId: created.id,
      author: "pst",
      recipients: rows.map((r) => r.key.fingerprint),
      ...(mailedAs ? { byEmail: mailedAs } : {}),
    },
    occurredAt: now,
  });
  return { messageId: created.id };
}

/** "Your report was updated" to the reporter's address, if any; no content, only the state in plain words. */
export async function notifyReporter(
  tx: DbTx,
  { reportId, newMessage }: { reportId: string; newMessage: boolean },
): Promise<void> {
  const report = await tx.report.findUniqueOrThrow({
    where: { id: reportId },
    select: { notifyEmail: true, state: true, acknowledgedAt: true, source: true, emailFrom: true },
  });
  const state = reporterStateOf(report.state as CaseState, report.acknowledgedAt !== null);
  // A reporter who wrote by email hears of a decision by email; a message to them went by email already.
  if (report.source === "email" && report.emailFrom && !newMessage) {
    await mailReportState(tx, {
      reportId,
      to: report.emailFrom,
      stateLabel: REPORTER_STATE_TEXT[state].label,
    });
    return;
  }
  if (!report.notifyEmail) return;
  const { id } = await enqueueEmail(tx, {
    to: report.notifyEmail,
    ...renderEmail("reportUpdated", { reportId, stateLabel: REPORTER_STATE_TEXT[state].label, newMessage }),
  });
  await linkReporterEmail(tx, { reportId, outboxMessageId: id });
}
