import { z } from "zod";
import { formatUtc } from "../time/utc";
import type { MilestoneId } from "./policy";
import { MILESTONE_IDS } from "./policy";

/**
 * A decision to slow the release down. The policy allows it only below CVSS 4.0 and only when
 * "discussed on the security mailing list", so who, why, where and the new dates are all required:
 * never a silent delay.
 */
export const ZSlowDownDecision = z.object({
  id: z.string().min(1),
  decidedBy: z.string().min(1),
  decidedAt: z.date(),
  reason: z.string().trim().min(1, "Say why the release slows down."),
  /** Where it was discussed: the security@ mailing-list thread (URL or message id). */
  discussedAt: z.string().trim().min(1, "Link the security@ mailing-list discussion."),
  newDueDates: z
    .partialRecord(z.enum(MILESTONE_IDS), z.date())
    .refine((dates) => Object.keys(dates).length > 0, "Give at least one new date."),
});
export type TSlowDownDecision = z.infer<typeof ZSlowDownDecision>;

export interface SlowDownContext {
  /** Final CVSS score of the case, null while not scored. */
  readonly cvssScore: number | null;
  readonly isPublic: boolean;
  /** Due dates the decision would replace (policy dates, or those of an earlier decision). */
  readonly currentDue: Readonly<Partial<Record<MilestoneId, Date>>>;
}

/** Returns the problems that make a slow-down decision invalid; empty when valid. */
export function slowDownProblems(decision: TSlowDownDecision, ctx: SlowDownContext): string[] {
  const problems: string[] = [];
  const parsed = ZSlowDownDecision.safeParse(decision);
  if (!parsed.success) problems.push(...parsed.error.issues.map((i) => i.message));
  if (ctx.cvssScore === null)
    problems.push("Score the case with CVSS first: only scores below 4.0 may slow down.");
  else if (ctx.cvssScore >= 4)
    problems.push(`CVSS ${ctx.cvssScore.toFixed(1)} is not below 4.0: the timeline cannot slow down.`);
  if (ctx.isPublic) problems.push("The issue is public: every deadline is as soon as possible.");
  for (const [id, date] of Object.entries(decision.newDueDates) as [MilestoneId, Date][]) {
    const current = ctx.currentDue[id];
    if (current === undefined) {
      problems.push(`Milestone "${id}" has no due date to move.`);
    } else if (date.getTime() < current.getTime()) {
      problems.push(
        `A slow-down cannot bring "${id}" forward (from ${formatUtc(current)} to ${formatUtc(date)}).`,
      );
    }
  }
  return problems;
}
