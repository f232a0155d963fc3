import { randomUUID } from "node:crypto";
import { appendAuditEvent, type Db } from "@disclose/db";
import { caseEventRefusal, checkCaseEventInput, ZCaseEventInput } from "@disclose/domain";
import type { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { authorizeCase } from "../cases/case-access";
import { ZReportId } from "../workspace/workspace-access";

/** Flat, so a refused field is named by the input's own key (the router's errors name the top-level field). */
export const ZRecordCaseEventInput = ZCaseEventInput.extend({ reportId: ZReportId });
export type TRecordCaseEventInput = z.infer<typeof ZRecordCaseEventInput>;

/**
 * Someone on the case records that an exploit is public or that attacks are seen, when, and where they learned
 * it. Authorized before the input's time bounds are checked (they depend on the case); the row and its audit
 * event are written together.
 */
export async function recordCaseEvent({
  db,
  session,
  input,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: TRecordCaseEventInput;
  now: Date;
}): Promise<{ eventId: string }> {
  const { facts } = await authorizeCase(db, session, input.reportId, "case.record-exploitation");
  const refusal = caseEventRefusal(facts.state);
  if (refusal) throw new AppError(AppErrorCode.CONFLICT, refusal);
  const checked = checkCaseEventInput(
    { kind: input.kind, occurredAt: input.occurredAt, source: input.source },
    { now, reportedAt: facts.reportedAt },
  );
  if (!checked.ok) {
    throw new AppError(AppErrorCode.BAD_INPUT, checked.reason, checked.field ? { field: checked.field } : {});
  }
  const { kind, occurredAt, source } = checked.input;
  return db.$transaction(async (tx) => {
    const kase = await tx.case.findUnique({ where: { id: facts.id }, select: { id: true } });
    if (!kase) throw new AppError(AppErrorCode.CONFLICT, "Accept the report as a case first.");
    const eventId = randomUUID();
    await tx.caseEvent.create({
      data: {
        id: eventId,
        caseId: kase.id,
        kind,
        occurredAt,
        source,
        recordedById: session.userId,
        recordedAt: now,
      },
    });
    // The source is a link or a short name (the form says so), never the vulnerability's details: fit for the log.
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "case.event_recorded",
      subjectType: "report",
      subjectId: facts.id,
      data: { eventId, kind, occurredAt: occurredAt.toISOString(), source },
      occurredAt: now,
    });
    return { eventId };
  });
}
