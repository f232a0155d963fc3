import { z } from "zod";
import { formatUtc } from "../time/utc";
import { hasControlCharacters } from "../validation/safe-text";
import { MILESTONE_IDS, type MilestoneId } from "./policy";

/**
 * "If the fix relies on another upstream project's disclosure timeline, that will adjust the process as
 * well." A recorded decision that moves due dates to fit the upstream project's timeline. Unlike a slow-down
 * it does not need a CVSS score below 4.0 (the upstream date binds us whatever our score), and it may move a
 * date earlier as well as later (upstream may disclose sooner than our policy window). Who, why, which upstream
 * and the new dates are all required, so no date ever moves silently.
 */
export const ZUpstreamDependencyDecision = z.object({
  id: z.string().min(1),
  decidedBy: z.string().min(1),
  decidedAt: z.date(),
  /** The upstream project, as people name it ("Go", "miekg/dns"). */
  upstreamProject: z
    .string()
    .trim()
    .min(1, "Name the upstream project.")
    .max(200, "Name the upstream project in at most 200 characters.")
    .refine((name) => !hasControlCharacters(name), "Name the upstream project without control characters."),
  /** Where the upstream timeline is (their advisory, issue or announcement); https only. */
  upstreamUrl: z
    .string()
    // The URL parser silently drops line feeds and tabs; refuse them so what is stored is what was typed.
    .refine(
      (url) => !hasControlCharacters(url),
      "Link the upstream project's timeline with an https:// address.",
    )
    .pipe(
      z.url({
        protocol: /^https$/,
        hostname: z.regexes.domain,
        error: "Link the upstream project's timeline with an https:// address.",
      }),
    ),
  reason: z
    .string()
    .trim()
    .min(1, "Say why the upstream timeline moves ours.")
    .max(2000, "Say why in at most 2,000 characters."),
  newDueDates: z
    .partialRecord(z.enum(MILESTONE_IDS), z.date())
    .refine((dates) => Object.keys(dates).length > 0, "Give at least one new date."),
});
export type TUpstreamDependencyDecision = z.infer<typeof ZUpstreamDependencyDecision>;

export interface UpstreamDependencyContext {
  readonly isPublic: boolean;
  /** The clock's start: no date may move before the report arrived. */
  readonly reportedAt: Date;
  /** Due dates the decision would replace (policy dates, or those of an earlier decision). */
  readonly currentDue: Readonly<Partial<Record<MilestoneId, Date>>>;
}

/** The problems that make an upstream-dependency decision invalid; empty when valid. */
export function upstreamDependencyProblems(
  decision: TUpstreamDependencyDecision,
  ctx: UpstreamDependencyContext,
): string[] {
  const problems: string[] = [];
  const parsed = ZUpstreamDependencyDecision.safeParse(decision);
  if (!parsed.success) problems.push(...parsed.error.issues.map((i) => i.message));
  // A public issue is already being exploited in the open: the policy makes every deadline ASAP, and the
  // team works with upstream to go public as soon as possible rather than waiting on their date.
  if (ctx.isPublic) problems.push("The issue is public: every deadline is as soon as possible.");
  const dates = (parsed.success ? parsed.data.newDueDates : (decision.newDueDates ?? {})) as Partial<
    Record<MilestoneId, Date>
  >;
  for (const [id, date] of Object.entries(dates) as [MilestoneId, Date][]) {
    if (!(MILESTONE_IDS as readonly string[]).includes(id)) continue;
    if (ctx.currentDue[id] === undefined) {
      problems.push(`Milestone "${id}" has no due date to move.`);
    } else if (date instanceof Date && date.getTime() < ctx.reportedAt.getTime()) {
      problems.push(
        `"${id}" cannot be due before the report arrived (${formatUtc(ctx.reportedAt)}); got ${formatUtc(date)}.`,
      );
    }
  }
  return problems;
}
