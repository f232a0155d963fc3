import { randomUUID } from "node:crypto";
import { REPORT_LIMITS as L } from "@disclose/crypto";
import { appendAuditEvent, type Db } from "@disclose/db";
import { AppError, AppErrorCode } from "../../errors";
import { caseItemRows } from "../access/case-readers";
import { insertKeyPackets } from "../access/key-packets";
import { loadCaseFacts } from "../cases/case-access";
import { consumeRateLimit, countersFor, RATE_LIMITS } from "../rate-limits/consume-rate-limit";
import { normaliseArmor } from "./submit-report";
import { findReportIdByToken } from "./tracking-token";

/**
 * A reporter's reply in the thread, encrypted in the browser to everyone who reads the case now (the PST, its
 * Fix Lead and Fix Team) and to the reporter's own key. The token is checked first (then the per-report
 * message limit), so a bad token is a 404 whatever the message; a message that leaves out a current reader is
 * refused as stale, so the browser fetches the reader keys again. Answering clears "waiting on reporter".
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
  return db.$transaction(async (tx) => {
    const facts = await loadCaseFacts(tx, reportId);
    if (!facts) throw new AppError(AppErrorCode.NOT_FOUND, "There is no such report.");
    const messageId = randomUUID();
    const rows = await caseItemRows(tx, {
      facts,
      item: { kind: "reporter-message", id: messageId },
      message,
      field: "ciphertext",
      now,
    });
    const created = await tx.reportMessage.create({
      data: { id: messageId, reportId, author: "reporter", ciphertext: message, createdAt: now },
      select: { id: true, createdAt: true },
    });
    await insertKeyPackets(tx, rows, now);
    await tx.report.update({ where: { id: reportId }, data: { waitingOnReporterSince: null } });
    await appendAuditEvent(tx, {
      actorKind: "reporter",
      action: "report.message_posted",
      subjectType: "report",
      subjectId: reportId,
      data: { messageId: created.id, author: "reporter", recipients: rows.map((r) => r.key.fingerprint) },
      occurredAt: now,
    });
    return { messageId: created.id, createdAt: created.createdAt };
  });
}
