import type { Db } from "@disclose/db";
import {
  checkUpstreamDependency,
  type TUpstreamDependencyDecision,
  ZUpstreamDependencyDecision,
} from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { recordTimelineDecision, refuseControlCharactersInReason, ZDecisionCommon } from "./record-decision";

export const ZRecordUpstreamDependencyInput = ZDecisionCommon.extend({
  upstreamProject: z.string().max(200, "Name the upstream project in at most 200 characters."),
  upstreamUrl: z.string().max(2000, "Link the upstream project's timeline in at most 2,000 characters."),
});
export type TRecordUpstreamDependencyInput = z.infer<typeof ZRecordUpstreamDependencyInput>;

/** The domain's own words for a field of the decision, or nothing when it is fine. */
function fieldProblem(field: "reason" | "upstreamProject" | "upstreamUrl", value: string): void {
  const parsed = ZUpstreamDependencyDecision.shape[field].safeParse(value);
  if (!parsed.success) {
    throw new AppError(AppErrorCode.BAD_INPUT, parsed.error.issues[0]?.message ?? "Fill this in.", { field });
  }
}

/**
 * "If the fix relies on another upstream project's disclosure timeline, that will adjust the process as well": a
 * decision that moves due dates (earlier or later, whatever the CVSS) to fit the upstream project's, with its name
 * and an https link to its timeline. Checked by the domain (checkUpstreamDependency) against the case's current
 * timeline; stored as a decision the timeline follows; audited with who, why, which upstream and the new dates.
 */
export async function recordUpstreamDependency({
  db,
  session,
  input,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: TRecordUpstreamDependencyInput;
  now: Date;
}): Promise<{ decisionId: string; newDueDates: TUpstreamDependencyDecision["newDueDates"] }> {
  refuseControlCharactersInReason(input.reason);
  fieldProblem("reason", input.reason);
  fieldProblem("upstreamProject", input.upstreamProject);
  fieldProblem("upstreamUrl", input.upstreamUrl);
  return recordTimelineDecision<TUpstreamDependencyDecision>({
    db,
    session,
    reportId: input.reportId,
    now,
    kind: "upstream-dependency",
    build: (common) => ({
      ...common,
      reason: input.reason.trim(),
      upstreamProject: input.upstreamProject.trim(),
      upstreamUrl: input.upstreamUrl,
      newDueDates: input.newDueDates,
    }),
    check: async (timelineInput, decision) => checkUpstreamDependency(timelineInput, decision),
    store: (decision) => ({
      reason: decision.reason,
      upstreamProject: decision.upstreamProject,
      upstreamUrl: decision.upstreamUrl,
    }),
    auditData: (decision) => ({
      upstreamProject: decision.upstreamProject,
      upstreamUrl: decision.upstreamUrl,
    }),
  });
}
