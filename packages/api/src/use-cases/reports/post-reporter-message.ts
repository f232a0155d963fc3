import { encryptedMessageKeyIds, REPORT_LIMITS as L } from "@disclose/crypto";
import { appendAuditEvent, type Db } from "@disclose/db";
import { AppError, AppErrorCode } from "../../errors";
import { listPstKeys } from "../keys/list-pst-keys";
import { consumeRateLimit, countersFor, RATE_LIMITS } from "../rate-limits/consume-rate-limit";
import { checkCovers, normaliseArmor } from "./submit-report";
import { findReportIdByToken } from "./tracking-token";

/**
 * A reporter's reply in the thread, encrypted in the browser to the current PST keys. The token is checked
 * first (then the per-report message limit), so a bad token is a 404 whatever the message; a message not encrypted to every current PST key is
 * refused as stale so the browser refetches the keys.
 */
export async function postReporterMessage({
  db,
  now,
  token,
  ciphertext,
}: {
  db: Db;
  now: Date;
  token: string;
  ciphertext: string;
}): Promise<{ messageId: string; createdAt: Date }> {
  const reportId = await findReportIdByToken({ db, token });
  await consumeRateLimit({ db, counters: countersFor(RATE_LIMITS.messagePerReport, reportId), now });
  const message = normaliseArmor(ciphertext);
  if (message.length > L.messageCiphertextMaxBytes) {
    throw new AppError(AppErrorCode.PAYLOAD_TOO_LARGE, "The message is too long.", { field: "ciphertext" });
  }
  const keyIds = await encryptedMessageKeyIds(message);
  if (!keyIds) {
    throw new AppError(AppErrorCode.BAD_INPUT, "The message is not an encrypted OpenPGP message.", {
      field: "ciphertext",
    });
  }
  await checkCovers(await listPstKeys({ db, now }), keyIds, "ciphertext");
  return db.$transaction(async (tx) => {
    const created = await tx.reportMessage.create({
      data: { reportId, author: "reporter", ciphertext: message, createdAt: now },
      select: { id: true, createdAt: true },
    });
    await appendAuditEvent(tx, {
      actorKind: "reporter",
      action: "report.message_posted",
      subjectType: "report",
      subjectId: reportId,
      data: { messageId: created.id, author: "reporter" },
      occurredAt: now,
    });
    return { messageId: created.id, createdAt: created.createdAt };
  });
}
