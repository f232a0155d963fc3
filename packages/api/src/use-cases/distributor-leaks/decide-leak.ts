import { appendAuditEvent, type Db } from "@disclose/db";
import { decideLeak, LEAK_DECISIONS } from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { authorizeCase } from "../cases/case-access";
import { updateCase } from "../release/release-case";
import { leakOf, leakRow, plainText, ZLeakId } from "./leak-records";

export const ZDecideLeakInput = z.object({
  leakId: ZLeakId,
  decision: z.enum(LEAK_DECISIONS, { error: 'Choose "release early" or "continue".' }),
  reason: plainText(2000, "Say why.", "Say why in at most 2,000 characters."),
});

/**
 * The PST's decision on an assessed leak (the domain's decideLeak: "when in doubt, go public as soon as
 * possible"). "Release early" is what the release command's guard accepts to release before the embargo ends,
 * and it moves the case's disclosure time to now: the embargo is over for everyone, distributors included, since
 * what it protected is out. Audited with the time before and after, in one transaction.
 */
export async function decideDistributorLeak({
  db,
  session,
  input,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: z.output<typeof ZDecideLeakInput>;
  now: Date;
}): Promise<{ state: "decided"; disclosureAt: Date | null }> {
  return db.$transaction(async (tx) => {
    const row = await leakRow(tx, input.leakId);
    const { facts } = await authorizeCase(tx, session, row.caseId, "leak.decide");
    const result = decideLeak(leakOf(row), {
      decision: input.decision,
      reason: input.reason,
      by: session.userId,
      now,
    });
    if (!result.ok) {
      const field = result.reason.startsWith("The damage is unknown") ? { field: "decision" } : {};
      throw new AppError(AppErrorCode.CONFLICT, result.reason, field);
    }
    const { count } = await tx.distributorLeak.updateMany({
      where: { id: row.id, state: "assessed" },
      data: {
        state: "decided",
        decision: input.decision,
        decisionReason: result.leak.decision?.reason,
        decidedById: session.userId,
        decidedAt: now,
      },
    });
    if (count !== 1) throw new AppError(AppErrorCode.CONFLICT, "This leak was already decided.");
    let disclosureAt = facts.disclosureAt;
    const before = facts.disclosureAt;
    if (input.decision === "release-early" && (before === null || before.getTime() > now.getTime())) {
      disclosureAt = now;
      await updateCase(
        tx,
        facts,
        {
          disclosureAt: now,
          disclosureOverrideReason: `The embargo broke (leak ${row.id.slice(0, 8)}): the PST decided to release early.`,
        },
        now,
      );
    }
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "distributor.leak_decided",
      subjectType: "report",
      subjectId: row.caseId,
      data: {
        leakId: row.id,
        decision: input.decision,
        reason: result.leak.decision?.reason ?? "",
        disclosureAtBefore: before?.toISOString() ?? null,
        disclosureAtAfter: disclosureAt?.toISOString() ?? null,
      },
      occurredAt: now,
    });
    return { state: "decided", disclosureAt };
  });
}
