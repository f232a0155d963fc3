import { appendAuditEvent, type Db, type DbTx } from "@disclose/db";
import { assessLeak, LEAK_DAMAGE, type LeakConsequence, leakConsequence } from "@disclose/domain";
import { enqueueEmail, renderEmail } from "@disclose/email";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { authorizeCase } from "../cases/case-access";
import { LEAK_SELECT, leakOf, leakRow, plainText, ZLeakId } from "./leak-records";

export const ZAssessLeakInput = z.object({
  leakId: ZLeakId,
  damage: z.enum(LEAK_DAMAGE, { error: 'Choose "none", "limited", "severe" or "unknown".' }),
  notes: plainText(4000, "Describe the damage assessed.", "Describe it in at most 4,000 characters."),
});

/**
 * The PST's assessment of a leak's damage (the domain's assessLeak), then the policy's consequence for the
 * organisation whose member leaked (the domain's leakConsequence over all its assessed leaks): a first damaging
 * leak warns it, a repeat removes it from the list (every membership removed, so access ends on the next
 * request). Each step audited and the organisation's security contact emailed, in one transaction.
 */
export async function assessDistributorLeak({
  db,
  session,
  input,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: z.output<typeof ZAssessLeakInput>;
  now: Date;
}): Promise<{ state: "assessed"; consequence: LeakConsequence }> {
  return db.$transaction(async (tx) => {
    const row = await leakRow(tx, input.leakId);
    await authorizeCase(tx, session, row.caseId, "leak.assess");
    const result = assessLeak(leakOf(row), {
      damage: input.damage,
      notes: input.notes,
      by: session.userId,
      now,
    });
    if (!result.ok) throw new AppError(AppErrorCode.CONFLICT, result.reason);
    const assessment = result.leak.assessment;
    // Scoped by state: of two assessments at once, one is recorded and the other told.
    const { count } = await tx.distributorLeak.updateMany({
      where: { id: row.id, state: "reported" },
      data: {
        state: "assessed",
        damage: assessment?.damage,
        assessmentNotes: assessment?.notes,
        assessedById: session.userId,
        assessedAt: now,
      },
    });
    if (count !== 1) throw new AppError(AppErrorCode.CONFLICT, "This leak was already assessed.");
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "distributor.leak_assessed",
      subjectType: "report",
      subjectId: row.caseId,
      data: { leakId: row.id, damage: input.damage },
      occurredAt: now,
    });
    const consequence = row.organizationId
      ? await applyConsequence(tx, { organizationId: row.organizationId, caseId: row.caseId, session, now })
      : "none";
    return { state: "assessed", consequence };
  });
}

async function applyConsequence(
  tx: DbTx,
  opts: { organizationId: string; caseId: string; session: SessionInfo; now: Date },
): Promise<LeakConsequence> {
  const leaks = await tx.distributorLeak.findMany({
    where: { organizationId: opts.organizationId },
    select: LEAK_SELECT,
  });
  const consequence = leakConsequence(opts.organizationId, leaks.map(leakOf));
  const organization = await tx.distributorOrganization.findUniqueOrThrow({
    where: { id: opts.organizationId },
    select: { name: true, status: true, securityContact: true },
  });
  if (consequence === "warn" && organization.status === "active") {
    await tx.distributorOrganization.update({
      where: { id: opts.organizationId },
      data: { status: "warned" },
    });
    if (organization.securityContact) {
      await enqueueEmail(tx, {
        to: organization.securityContact,
        ...renderEmail("distributorOrganizationWarned", { organizationName: organization.name }),
      });
    }
    await appendAuditEvent(tx, {
      actorId: opts.session.userId,
      actorKind: "user",
      action: "organization.warned",
      subjectType: "organization",
      subjectId: opts.organizationId,
      data: { name: organization.name, caseId: opts.caseId, previousStatus: organization.status },
      occurredAt: opts.now,
    });
  }
  if (consequence === "remove" && organization.status !== "removed") {
    const reason = `Embargoed information leaked again (case ${opts.caseId.slice(0, 8)}): the policy removes an organisation that continues to leak.`;
    await tx.distributorOrganization.update({
      where: { id: opts.organizationId },
      data: { status: "removed", removedAt: opts.now, removedReason: reason },
    });
    const members = await tx.distributorMembership.findMany({
      where: { organizationId: opts.organizationId, status: { not: "removed" } },
      select: { userId: true },
    });
    // The session reads the membership on every request: access ends on each member's next one.
    await tx.distributorMembership.updateMany({
      where: { organizationId: opts.organizationId },
      data: { status: "removed" },
    });
    if (organization.securityContact) {
      await enqueueEmail(tx, {
        to: organization.securityContact,
        ...renderEmail("distributorOrganizationRemoved", { organizationName: organization.name, reason }),
      });
    }
    await appendAuditEvent(tx, {
      actorId: opts.session.userId,
      actorKind: "user",
      action: "organization.removed",
      subjectType: "organization",
      subjectId: opts.organizationId,
      data: {
        name: organization.name,
        previousStatus: organization.status,
        reason,
        caseId: opts.caseId,
        memberIds: members.map((m) => m.userId),
      },
      occurredAt: opts.now,
    });
  }
  return consequence;
}
