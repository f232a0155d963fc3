import { REPORT_LIMITS as L } from "@disclose/crypto";
import { appendAuditEvent, type Db } from "@disclose/db";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { caseItemRows } from "../access/case-readers";
import { insertKeyPackets } from "../access/key-packets";
import { normaliseArmor } from "../reports/submit-report";
import { authorizeCase } from "./case-access";

/**
 * Reports from before summaries get one the first time a reader opens them: their browser encrypts {title,
 * component} to everyone who reads the case now. Written once; a second writer's summary is not needed.
 */
export async function writeSummary({
  db,
  session,
  reportId,
  summary,
  now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  summary: string;
  now: Date;
}): Promise<{ written: boolean }> {
  return db.$transaction(async (tx) => {
    const { facts } = await authorizeCase(tx, session, reportId, "report.read");
    const message = normaliseArmor(summary);
    if (message.length > L.summaryCiphertextMaxBytes) {
      throw new AppError(AppErrorCode.PAYLOAD_TOO_LARGE, "The summary is too large.", { field: "summary" });
    }
    const rows = await caseItemRows(tx, {
      facts,
      item: { kind: "summary", id: facts.id },
      message,
      field: "summary",
      now,
    });
    const changed = await tx.report.updateMany({
      where: { id: facts.id, summary: null },
      data: { summary: message },
    });
    if (changed.count === 0) return { written: false };
    await insertKeyPackets(tx, rows, now);
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "report.summary_written",
      subjectType: "report",
      subjectId: facts.id,
      data: { recipients: rows.map((r) => r.key.fingerprint) },
      occurredAt: now,
    });
    return { written: true };
  });
}
