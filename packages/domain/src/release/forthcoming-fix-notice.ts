import { z } from "zod";
import type { CaseState } from "../cases/states";
import { CASE_STATE_LABELS } from "../cases/states";
import { cvssSeverity } from "../cvss/severity";
import { formatUtc, type Instant, toEpochMs } from "../time/utc";
import { hasControlCharacters, hasControlCharactersInText } from "../validation/safe-text";

const singleLine = (what: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${what}.`)
    .max(max, `Enter ${what} in at most ${max.toLocaleString("en")} characters.`)
    .refine((s) => !hasControlCharacters(s), `Remove the control characters from ${what}.`)
    // Shown in a code span: a backtick would end it and let the rest be read as Markdown.
    .refine((s) => !s.includes("`"), `Remove the backticks from ${what}.`);

/**
 * Everything the public notice says comes from here, and these are exactly what the team chose to publish: the
 * notice never reads the case's report, thread or notes, so it cannot leak them.
 */
export const ZForthcomingFixNoticeInput = z.object({
  projectName: singleLine("the project's name", 100),
  /** What is affected, in words users recognise ("the forward plugin"). */
  component: singleLine("the affected component", 200),
  affectedVersions: z
    .array(singleLine("an affected version range", 100))
    .min(1, "List the affected versions.")
    .max(20, "List at most 20 affected version ranges."),
  /** The case's final CVSS score (the highest of its vulnerabilities); null when not rated yet. */
  cvssScore: z.number().min(0).max(10).nullable(),
  /** Steps users can take until the fix; required when only a mitigation exists. */
  mitigationSteps: z
    .array(
      z
        .string()
        .trim()
        .min(1, "A mitigation step cannot be empty.")
        .max(2000, "Write each mitigation step in at most 2,000 characters.")
        .refine(
          (s) => !hasControlCharactersInText(s),
          "Remove the control characters from the mitigation steps.",
        ),
    )
    .max(20, "List at most 20 mitigation steps."),
  expectedReleaseAt: z.date(),
});
export type TForthcomingFixNoticeInput = z.infer<typeof ZForthcomingFixNoticeInput>;

export interface ForthcomingFixNoticeContext {
  readonly state: CaseState;
  /** LGTM on every fix commit (isFixDeveloped). */
  readonly fixDeveloped: boolean;
  readonly mitigationAvailable: boolean;
  readonly now: Instant;
}

const NOTICE_STATES: readonly CaseState[] = ["fix-in-progress", "fix-ready", "distributors-notified"];

/**
 * Why the notice may not be generated now, or null when it may. The policy: "This Disclosure process should begin
 * after the Team has developed a fix or mitigation so that a realistic timeline can be communicated to users."
 */
export function forthcomingFixNoticeRefusal(ctx: ForthcomingFixNoticeContext): string | null {
  if (ctx.state === "released" || ctx.state === "closed") {
    return "The fix is released: announce the release and publish the advisory instead.";
  }
  if (!NOTICE_STATES.includes(ctx.state)) {
    return `The case is ${CASE_STATE_LABELS[ctx.state]}: the notice comes once fix development has started.`;
  }
  if (!ctx.fixDeveloped && !ctx.mitigationAvailable) {
    return "The notice needs a fix (an LGTM on every commit) or a mitigation first, so that users get a realistic release date.";
  }
  return null;
}

export type ForthcomingFixNoticeResult =
  | { readonly ok: true; readonly title: string; readonly body: string }
  | { readonly ok: false; readonly reason: string };

/**
 * The public GitHub issue text announcing a forthcoming fix: what is affected, how severe, what users can do until
 * the fix, and when to block time for it (UTC). Actionable, as the policy asks, and free of exploit details.
 */
export function forthcomingFixNotice(
  input: TForthcomingFixNoticeInput,
  ctx: ForthcomingFixNoticeContext,
): ForthcomingFixNoticeResult {
  const refusal = forthcomingFixNoticeRefusal(ctx);
  if (refusal !== null) return { ok: false, reason: refusal };
  const parsed = ZForthcomingFixNoticeInput.safeParse(input);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues.map((i) => i.message).join(" ") };
  const notice = parsed.data;
  if (notice.expectedReleaseAt.getTime() <= toEpochMs(ctx.now)) {
    return { ok: false, reason: "The expected release date has passed; set a new one first." };
  }
  if (!ctx.fixDeveloped && notice.mitigationSteps.length === 0) {
    return { ok: false, reason: "Until the fix exists, the notice must give users the mitigation steps." };
  }
  const when = formatUtc(notice.expectedReleaseAt);
  const severity =
    notice.cvssScore === null
      ? "not rated yet"
      : `${cvssSeverity(notice.cvssScore)} (CVSS ${notice.cvssScore.toFixed(1)})`;
  const versions = notice.affectedVersions.map((v) => `\`${v}\``).join(", ");
  const steps =
    notice.mitigationSteps.length > 0
      ? notice.mitigationSteps.map((s) => `- ${s.replace(/\n/g, "\n  ")}`).join("\n")
      : "No mitigation is needed before the release; plan to apply the release as soon as it is out.";
  const title = `Security fix for ${notice.projectName} ${notice.component} expected ${when}`;
  const body = [
    `A security vulnerability in ${notice.projectName} has been reported to the ${notice.projectName} security team. A fix will be released; this issue tells you when, so you can plan to apply it.`,
    "",
    `**Affected:** \`${notice.component}\`, versions ${versions}`,
    `**Severity:** ${severity}`,
    `**Expected release:** ${when}`,
    "",
    "### What you can do until the fix is released",
    "",
    steps,
    "",
    "### What happens next",
    "",
    `Block time around ${when} to apply the release. The details of the vulnerability, its CVE ID and the fixed versions will be published with the release; please do not ask for them here before then.`,
  ].join("\n");
  return { ok: true, title, body };
}
