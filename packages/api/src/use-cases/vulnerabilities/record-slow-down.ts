import type { Db } from "@disclose/db";
import {
  checkSlowDown,
  redactEmailAddresses,
  type TSlowDownDecision,
  ZSlowDownDecision,
} from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import {
  recordTimelineDecision,
  refuseControlCharacters,
  refuseControlCharactersInReason,
  ZDecisionCommon,
} from "./record-decision";

export const ZRecordSlowDownInput = ZDecisionCommon.extend({
  /** Where it was discussed: the security@ mailing-list thread (a link or a message id). */
  discussedAt: z.string().max(500, "Link the discussion in at most 500 characters."),
});
export type TRecordSlowDownInput = z.infer<typeof ZRecordSlowDownInput>;

/** The domain's own words for a field of the decision, or nothing when it is fine. */
function fieldProblem(field: "reason" | "discussedAt", value: string): void {
  const parsed = ZSlowDownDecision.shape[field].safeParse(value);
  if (!parsed.success) {
    throw new AppError(AppErrorCode.BAD_INPUT, parsed.error.issues[0]?.message ?? "Fill this in.", { field });
  }
}

/**
 * "Slow down the release": below CVSS 4.0, discussed on the security@ list, the policy lets the case take longer.
 * Checked by the domain (checkSlowDown: the case's CVSS below 4.0, not public, no date brought forward) against the
 * case's current timeline, and here: every vulnerability scored (the case's CVSS is the highest, so an unscored one
 * could be the worst). Stored as a decision the timeline follows; audited with who, why, where and the new dates.
 */
export async function recordSlowDown({
  db,
  session,
  input,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: TRecordSlowDownInput;
  now: Date;
}): Promise<{ decisionId: string; newDueDates: TSlowDownDecision["newDueDates"] }> {
  refuseControlCharactersInReason(input.reason);
  refuseControlCharacters(input.discussedAt, "discussedAt", "Link the discussion");
  fieldProblem("reason", input.reason);
  fieldProblem("discussedAt", input.discussedAt);
  return recordTimelineDecision<TSlowDownDecision>({
    db,
    session,
    reportId: input.reportId,
    now,
    kind: "slow-down",
    build: (common) => ({
      ...common,
      reason: input.reason.trim(),
      discussedAt: input.discussedAt.trim(),
      newDueDates: input.newDueDates,
    }),
    check: async (timelineInput, decision, tx, caseId) => {
      const problems = checkSlowDown(timelineInput, decision);
      if (problems.length > 0) return problems;
      const unscored = await tx.vulnerability.findMany({
        where: { caseId, cvssVector: null },
        select: { position: true },
        orderBy: { position: "asc" },
      });
      return unscored.length === 0
        ? []
        : [
            `Score every vulnerability first: ${unscored.map((v) => `vulnerability ${v.position}`).join(", ")} ${
              unscored.length === 1 ? "has" : "have"
            } no CVSS yet, and a slow-down must hold for each of them.`,
          ];
    },
    store: (decision) => ({ reason: decision.reason, discussedAt: decision.discussedAt }),
    auditData: (decision) => ({ discussedAt: redactEmailAddresses(decision.discussedAt) }),
  });
}
