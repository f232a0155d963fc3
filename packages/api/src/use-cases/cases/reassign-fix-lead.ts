import { appendAuditEvent, type Db } from "@disclose/db";
import { reassignFixLead as pickNext, redactEmailAddresses } from "@disclose/domain";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { authorizeCase } from "./case-access";
import { loadRotationHistory, loadRotationMembers, recordFixLeadAssignment } from "./fix-lead-rotation";

/**
 * The PST gives a case another Fix Lead: a chosen PST member, or the next one in rotation. Why is required
 * and recorded; the rotation's order follows the change.
 */
export async function reassignFixLead({
  db,
  session,
  reportId,
  toMemberId,
  note,
  now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  toMemberId: string | null;
  note: string;
  now: Date;
}): Promise<{ fixLeadId: string }> {
  const { facts } = await authorizeCase(db, session, reportId, "case.assign-fix-lead");
  if (!note.trim())
    throw new AppError(AppErrorCode.BAD_INPUT, "Say why the Fix Lead changes.", { field: "note" });
  return db.$transaction(async (tx) => {
    const members = await loadRotationMembers(tx, now);
    let memberId: string;
    if (toMemberId) {
      const member = members.find((m) => m.id === toMemberId);
      if (!member) {
        throw new AppError(AppErrorCode.BAD_INPUT, "Only an active PST member can lead a case.", {
          field: "toMemberId",
        });
      }
      if (toMemberId === facts.fixLeadId) {
        throw new AppError(AppErrorCode.CONFLICT, "This member already leads the case.", {
          field: "toMemberId",
        });
      }
      memberId = toMemberId;
    } else {
      const picked = facts.fixLeadId
        ? pickNext({
            caseId: facts.id,
            currentMemberId: facts.fixLeadId,
            members,
            history: await loadRotationHistory(tx),
            now,
            note,
          })
        : null;
      if (!picked) throw new AppError(AppErrorCode.BAD_INPUT, "Choose a PST member to lead this case.");
      if (!picked.ok) throw new AppError(AppErrorCode.CONFLICT, picked.reason);
      memberId = picked.assignment.memberId;
    }
    await recordFixLeadAssignment(
      tx,
      {
        caseId: facts.id,
        memberId,
        at: now,
        reason: "reassignment",
        previousMemberId: facts.fixLeadId,
        note: note.trim(),
      },
      session.userId,
    );
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "case.fix_lead_reassigned",
      subjectType: "report",
      subjectId: facts.id,
      // By id only: an address typed into the note stays in the assignment's record, not in the log.
      data: { from: facts.fixLeadId, to: memberId, note: redactEmailAddresses(note.trim()) },
      occurredAt: now,
    });
    return { fixLeadId: memberId };
  });
}
