import { encryptedMessageKeyIds, encryptionKeyIdsOfKey, REPORT_LIMITS as L } from "@disclose/crypto";
import { appendAuditEvent, type DbTx } from "@disclose/db";
import { type CaseState, REPORTER_STATE_TEXT, reporterStateOf } from "@disclose/domain";
import { enqueueEmail, renderEmail } from "@disclose/email";
import { AppError, AppErrorCode } from "../../errors";
import { normaliseArmor } from "../reports/submit-report";

/**
 * Checks a PST reply before it is stored: an armored OpenPGP message the reporter can decrypt (encrypted in
 * the staff member's browser to the reporter's key), within the size limit.
 */
export async function checkReplyCiphertext(ciphertext: string, reporterPublicKey: string): Promise<string> {
  const message = normaliseArmor(ciphertext);
  if (message.length > L.messageCiphertextMaxBytes) {
    throw new AppError(AppErrorCode.PAYLOAD_TOO_LARGE, "The message is too long.", { field: "message" });
  }
  const keyIds = await encryptedMessageKeyIds(message);
  if (!keyIds) {
    throw new AppError(AppErrorCode.BAD_INPUT, "The message is not an encrypted OpenPGP message.", {
      field: "message",
    });
  }
  const reporterIds = await encryptionKeyIdsOfKey(reporterPublicKey);
  if (!reporterIds.some((id) => keyIds.includes(id))) {
    throw new AppError(AppErrorCode.BAD_INPUT, "The message is not encrypted to the reporter's key.", {
      field: "message",
    });
  }
  return message;
}

/** Stores a PST reply in the thread, audits it, and tells the reporter by email when they gave an address. */
export async function storePstMessage(
  tx: DbTx,
  { reportId, userId, ciphertext, now }: { reportId: string; userId: string; ciphertext: string; now: Date },
): Promise<{ messageId: string }> {
  const created = await tx.reportMessage.create({
    data: { reportId, author: "pst", authorUserId: userId, ciphertext, createdAt: now },
    select: { id: true },
  });
  await appendAuditEvent(tx, {
    actorId: userId,
    actorKind: "user",
    action: "report.message_posted",
    subjectType: "report",
    subjectId: reportId,
    data: { messageId: created.id, author: "pst" },
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
    select: { notifyEmail: true, state: true, acknowledgedAt: true },
  });
  if (!report.notifyEmail) return;
  const state = reporterStateOf(report.state as CaseState, report.acknowledgedAt !== null);
  await enqueueEmail(tx, {
    to: report.notifyEmail,
    ...renderEmail("reportUpdated", { reportId, stateLabel: REPORTER_STATE_TEXT[state].label, newMessage }),
  });
}
