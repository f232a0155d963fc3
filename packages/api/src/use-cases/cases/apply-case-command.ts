import { randomUUID } from "node:crypto";
import { appendAuditEvent, type Db, type DbTx, type Prisma } from "@disclose/db";
import {
  assignFixLead,
  type CaseState,
  isClosedForRetention,
  redactEmailAddresses,
  type TCaseCommand,
  TRIAGE_OUTCOME_STATES,
  transition,
} from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { releaseEarlyLeakIdsOf } from "../distributor-leaks/leak-records";
import { mailTeamMessage } from "../intake/mail-team-message";
import { authorizeCase, canSee, loadCaseFacts, lockCaseRow, resolveReportId } from "./case-access";
import { loadRotationHistory, loadRotationMembers, recordFixLeadAssignment } from "./fix-lead-rotation";
import { checkPstMessage, notifyReporter, storePstMessage } from "./reporter-thread";

/** What a triage decision may carry besides the domain's command. */
export const ZCommandExtras = z.object({
  /** A message to the reporter, encrypted in the browser to the reporter's key (and the PST's). */
  reporterMessage: z.string().max(200_000).optional(),
  /** Not a vulnerability: the ready-to-file public bug text (meant to be public, so stored as written). */
  publicBugText: z.string().trim().max(20_000).optional(),
  /** A reporter who wrote by email without a key: the message in clear, once the member confirmed (see mailTeamMessage). */
  clearReply: z
    .object({
      text: z.string().max(100_000, "The message is too long to send by email."),
      confirmed: z.boolean(),
    })
    .optional(),
});
export type TCommandExtras = z.infer<typeof ZCommandExtras>;

// Serialises Fix Lead picks: two cases accepted at once must not both go to the same "next" member.
const ROTATION_LOCK_KEY = 0x726f_7461_7465n; // "rotate"

/**
 * Applies a case command (acknowledge, ask for information, accept, duplicate, not a vulnerability, reject,
 * spam, and the later lifecycle steps) as the domain allows it: state, decision, Fix Lead by rotation on
 * accept, the reporter's message and email, and the audit event, all in one transaction. A concurrent change
 * of the same case makes this one fail rather than apply to a state nobody saw.
 */
export async function applyCaseCommand({
  db,
  session,
  reportId,
  command,
  extras,
  now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  command: TCaseCommand;
  extras: TCommandExtras;
  now: Date;
}): Promise<{ state: CaseState; fixLeadId: string | null; messageId: string | null }> {
  const { facts, actor } = await authorizeCase(db, session, reportId, "case.view-summary");
  if (command.type === "mark-duplicate") {
    // The id as people see and type it (its first 8+ hex digits) names the original as well as the whole id.
    const original = await resolveReportId(db, command.duplicateOfCaseId);
    if (original) command = { ...command, duplicateOfCaseId: original };
  }
  // A release before the embargo ends needs a recorded "release early" leak decision of this case.
  const releaseEarlyLeakIds = command.type === "release" ? await releaseEarlyLeakIdsOf(db, facts.id) : [];
  const result = transition(facts, command, actor, { now, releaseEarlyLeakIds });
  if (!result.ok) {
    const code =
      result.code === "role-not-allowed"
        ? AppErrorCode.FORBIDDEN
        : result.code === "invalid-command"
          ? AppErrorCode.BAD_INPUT
          : AppErrorCode.CONFLICT;
    throw new AppError(code, result.reason);
  }
  const { event } = result;
  if (command.type === "request-info" && !extras.reporterMessage) {
    throw new AppError(AppErrorCode.BAD_INPUT, "Write the question to the reporter.", { field: "message" });
  }
  if (command.type === "mark-duplicate") {
    const original = await loadCaseFacts(db, command.duplicateOfCaseId);
    if (!original || !canSee(actor, original)) {
      throw new AppError(
        AppErrorCode.BAD_INPUT,
        "There is no report with that id to mark this as a duplicate of.",
        {
          field: "duplicateOfCaseId",
        },
      );
    }
  }
  const messageId = randomUUID();
  const message = extras.reporterMessage
    ? await checkPstMessage(db, { facts, ciphertext: extras.reporterMessage, messageId, now })
    : null;

  return db.$transaction(async (tx) => {
    // The guard is checked again on the locked row: a fix commit or an LGTM taken away meanwhile (they lock the
    // row to share) must not let "mark fix ready" through on the facts read before.
    await lockCaseRow(tx, facts.id, "update");
    const current = await loadCaseFacts(tx, facts.id);
    const recheck = current ? transition(current, command, actor, { now, releaseEarlyLeakIds }) : null;
    if (!recheck?.ok) {
      throw new AppError(
        AppErrorCode.CONFLICT,
        recheck ? recheck.reason : "Someone changed this report meanwhile. Reload it and decide again.",
      );
    }
    const decided =
      command.type === "accept" || (TRIAGE_OUTCOME_STATES as readonly string[]).includes(event.to);
    const changed = await tx.report.updateMany({
      // Scoped by the state the decision was made on: a concurrent decision wins, this one is refused.
      where: { id: facts.id, state: facts.state },
      data: {
        state: event.to,
        ...(command.type === "acknowledge" ? { acknowledgedAt: now } : {}),
        ...(command.type === "request-info" ? { waitingOnReporterSince: now } : {}),
        ...(decided ? { decidedAt: now } : {}),
        // The retention clock for the reporter's personal data starts when nothing more will happen.
        ...(isClosedForRetention(event.to) ? { closedAt: now } : {}),
        ...(command.type === "mark-duplicate"
          ? { duplicateOfId: command.duplicateOfCaseId.toLowerCase() }
          : {}),
        ...(command.type === "reject" ? { decisionReason: command.reason } : {}),
        ...(command.type === "mark-not-vulnerability"
          ? {
              decisionReason: command.reason,
              publicBugText: extras.publicBugText ?? null,
              bugReference: command.bugReference ?? null,
            }
          : {}),
      },
    });
    if (changed.count !== 1) {
      throw new AppError(
        AppErrorCode.CONFLICT,
        "Someone changed this report meanwhile. Reload it and decide again.",
      );
    }
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: `case.${event.type}`,
      subjectType: "report",
      subjectId: facts.id,
      // The log refers to people by id: an address typed into a reason stays on the report, not here.
      data: {
        from: event.from,
        to: event.to,
        details: Object.fromEntries(
          Object.entries(event.details).map(([key, value]) => [key, redactEmailAddresses(value)]),
        ),
        summary: event.summary,
      },
      occurredAt: now,
    });

    await recordOnCase(tx, {
      reportId: facts.id,
      command,
      alreadyPublic: facts.isPublic,
      receivedAt: facts.reportedAt,
      now,
    });

    let fixLeadId = facts.fixLeadId;
    if (command.type === "accept" && fixLeadId === null) {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${ROTATION_LOCK_KEY})`;
      const picked = assignFixLead({
        caseId: facts.id,
        members: await loadRotationMembers(tx, now),
        history: await loadRotationHistory(tx),
        now,
      });
      // Everyone out of office: the case is accepted without a Fix Lead, and the PST assigns one by hand.
      if (picked.ok) {
        await recordFixLeadAssignment(tx, picked.assignment, session.userId);
        await appendAuditEvent(tx, {
          actorId: session.userId,
          actorKind: "user",
          action: "case.fix_lead_assigned",
          subjectType: "report",
          subjectId: facts.id,
          data: { memberId: picked.assignment.memberId, reason: picked.assignment.reason },
          occurredAt: now,
        });
        fixLeadId = picked.assignment.memberId;
      }
    }
    // A reporter who wrote by email gets the message by email, sent only if the decision commits.
    const mailedAs = message
      ? await mailTeamMessage(tx, { reportId: facts.id, ...message, clear: extras.clearReply, now })
      : null;
    const stored = message
      ? await storePstMessage(tx, {
          reportId: facts.id,
          messageId,
          userId: session.userId,
          ...message,
          now,
          mailedAs,
        })
      : null;
    // The reporter hears of every decision they can see on the tracking page (not of internal steps).
    if (event.from !== event.to || stored) {
      await notifyReporter(tx, { reportId: facts.id, newMessage: stored !== null });
    }
    return { state: event.to, fixLeadId, messageId: stored?.messageId ?? null };
  });
}

/**
 * What a command means for the case record: accepting opens the case (same id as the report, with a first
 * vulnerability to score) and brings in its duplicates; a duplicate joins its original's case; the lifecycle's
 * milestones record when they were reached.
 */
async function recordOnCase(
  tx: DbTx,
  {
    reportId,
    command,
    alreadyPublic,
    receivedAt,
    now,
  }: { reportId: string; command: TCaseCommand; alreadyPublic: boolean; receivedAt: Date; now: Date },
): Promise<void> {
  // A report that arrived already public made the case public from its arrival (the metrics' "public aware").
  const publicSince = alreadyPublic ? receivedAt : null;
  // A case accepted some other way (an import, a test's fixture) gets its record on its first step.
  const onCase = (
    data: Pick<Prisma.CaseUncheckedCreateInput, "fixDevelopedAt" | "distributorsNotifiedAt" | "releasedAt">,
  ) =>
    tx.case.upsert({
      where: { id: reportId },
      create: { ...data, id: reportId, openedAt: now, alreadyPublic, publicSince },
      update: data,
    });
  switch (command.type) {
    case "accept":
      await tx.case.create({
        data: {
          id: reportId,
          openedAt: now,
          alreadyPublic,
          publicSince,
          vulnerabilities: { create: { position: 1 } },
        },
      });
      await tx.report.updateMany({
        where: { OR: [{ id: reportId }, { duplicateOfId: reportId }] },
        data: { caseId: reportId },
      });
      return;
    case "mark-duplicate": {
      const original = await tx.report.findUnique({
        where: { id: command.duplicateOfCaseId.toLowerCase() },
        select: { caseId: true },
      });
      if (original?.caseId) {
        await tx.report.update({ where: { id: reportId }, data: { caseId: original.caseId } });
      }
      return;
    }
    case "mark-fix-ready":
      await onCase({ fixDevelopedAt: now });
      return;
    case "reopen-fix":
      // Counted for the metrics, which measure the fix from its last "ready" and count re-opened cases apart.
      // A fix is re-opened from "fix ready", so the case exists.
      await tx.case.update({
        where: { id: reportId },
        data: { fixDevelopedAt: null, fixReopens: { increment: 1 } },
      });
      return;
    case "notify-distributors":
      await onCase({ distributorsNotifiedAt: now });
      return;
    case "release":
      await onCase({ releasedAt: now });
      return;
    default:
      return;
  }
}
