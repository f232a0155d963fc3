import { forthcomingFixNoticeRefusal } from "../release/forthcoming-fix-notice";
import type { Role } from "../roles/actor";
import { type Instant, toEpochMs } from "../time/utc";
import type { Milestone, Timeline } from "../timeline/milestones";
import type { TimelineMilestoneId } from "../timeline/policy";
import { commitsMissingLgtm, isFixDeveloped, type TCaseFacts } from "./case-facts";
import type { CaseCommandType } from "./lifecycle";

export const NEXT_ACTION_CODES = [
  "acknowledge",
  "triage",
  "assign-fix-lead",
  "form-fix-team",
  "start-fix",
  "score-cvss",
  "publish-notice",
  "add-fix-commit",
  "get-lgtms",
  "mark-fix-ready",
  "set-release-version",
  "agree-disclosure-time",
  "choose-distributors",
  "notify-distributors",
  "mark-released",
  "write-retrospective",
  "close",
] as const;
export type NextActionCode = (typeof NEXT_ACTION_CODES)[number];

export interface NextAction {
  readonly code: NextActionCode;
  /** What the case page's one button or line says. */
  readonly label: string;
  /** Who is expected to do it. */
  readonly by: Extract<Role, "pst" | "fix-lead" | "fix-team">;
  /** The lifecycle command it maps to, when it is a state change (the page calls transition with it). */
  readonly command: CaseCommandType | null;
  /** The milestone it moves forward, with its due date, when there is one. */
  readonly milestoneId: TimelineMilestoneId | null;
  readonly due: Date | null;
  readonly asap: boolean;
}

export interface NextActionInput {
  readonly facts: TCaseFacts;
  /** computeTimeline(...) for the case at the same `now`. */
  readonly timeline: Timeline;
  readonly now: Instant;
}

const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

/**
 * The one obvious next thing to do on a case, so that nobody needs to remember the policy: the first step, in the
 * policy's order, that the case has not taken yet, checked with the same guards the lifecycle uses. Null when
 * nothing is left (closed, or a triage outcome).
 */
export function nextAction(input: NextActionInput): NextAction | null {
  const { facts, timeline } = input;
  const now = toEpochMs(input.now);
  const milestone = (id: TimelineMilestoneId) => timeline.milestones.find((m) => m.id === id) as Milestone;
  const done = (id: TimelineMilestoneId) => milestone(id).status === "done";
  const action = (
    code: NextActionCode,
    label: string,
    by: NextAction["by"],
    command: CaseCommandType | null,
    milestoneId: TimelineMilestoneId | null,
    due: Date | null = null,
  ): NextAction => {
    const m = milestoneId === null ? null : milestone(milestoneId);
    return {
      code,
      label,
      by,
      command,
      milestoneId,
      due: due ?? m?.due ?? null,
      asap: m?.asap ?? facts.isPublic,
    };
  };

  switch (facts.state) {
    case "received":
      return action("acknowledge", "Acknowledge the report", "pst", "acknowledge", null);
    case "triage":
      return action(
        "triage",
        "Accept the report, or close it as a duplicate, rejected or not a vulnerability",
        "pst",
        "accept",
        null,
      );
    case "closed":
    case "duplicate":
    case "rejected":
    case "not-a-vulnerability":
    case "spam":
      return null;
    default:
      break;
  }

  if (facts.fixLeadId === null)
    return action("assign-fix-lead", "Assign a Fix Lead", "pst", null, "fix-team-formed");
  if (facts.state === "released") {
    if (!done("retrospective")) {
      return action("write-retrospective", "Write the retrospective", "fix-lead", null, "retrospective");
    }
    return action("close", "Close the case", "fix-lead", "close", null);
  }
  // The PST may be the whole Fix Team (the policy says it often is), so a recorded milestone counts as formed.
  if (!done("fix-team-formed") && facts.fixTeamIds.length === 0) {
    return action("form-fix-team", "Form the Fix Team", "fix-lead", null, "fix-team-formed");
  }
  if (facts.state === "accepted") {
    return action("start-fix", "Start fix development", "fix-lead", "start-fix", "fix-developed");
  }
  if (!done("cvss-scored"))
    return action("score-cvss", "Make the CVSS call", "fix-lead", null, "cvss-scored");

  const noticeOpen = !done("users-notified");
  const noticeAllowed =
    forthcomingFixNoticeRefusal({
      state: facts.state,
      fixDeveloped: isFixDeveloped(facts),
      mitigationAvailable: facts.mitigationAvailable,
      now,
    }) === null;
  const publishNotice = () =>
    action("publish-notice", "Publish the forthcoming-fix notice", "fix-lead", null, "users-notified");

  if (facts.state === "fix-in-progress") {
    // A mitigation users can apply now is worth telling them before the fix is done.
    if (noticeOpen && noticeAllowed && !isFixDeveloped(facts)) return publishNotice();
    if (facts.fixCommits.length === 0) {
      return action("add-fix-commit", "Add a fix commit", "fix-team", null, "fix-developed");
    }
    const missing = commitsMissingLgtm(facts).length;
    if (missing > 0) {
      return action(
        "get-lgtms",
        `Get ${plural(missing, "an LGTM", "LGTMs")} on ${missing} ${plural(missing, "commit", "commits")}`,
        "fix-team",
        null,
        "fix-developed",
      );
    }
    return action("mark-fix-ready", "Mark fix ready", "fix-lead", "mark-fix-ready", "fix-developed");
  }

  if (noticeOpen) return publishNotice();
  if (facts.state === "fix-ready") {
    if (facts.releaseVersion === null) {
      return action("set-release-version", "Set the release version", "fix-lead", null, "released");
    }
    const disclosureAgreed = facts.disclosureAt !== null && facts.disclosureAt.getTime() > now;
    const early = milestone("distributors-notified");
    if (early.status !== "not-applicable" && early.status !== "done") {
      if (!disclosureAgreed) {
        return action(
          "agree-disclosure-time",
          "Agree the disclosure time",
          "fix-lead",
          null,
          "distributors-notified",
        );
      }
      if (facts.distributorDisclosures.length === 0) {
        return action(
          "choose-distributors",
          "Choose the distributors",
          "fix-lead",
          null,
          "distributors-notified",
        );
      }
      return action(
        "notify-distributors",
        "Disclose early to distributors",
        "fix-lead",
        "notify-distributors",
        "distributors-notified",
      );
    }
    if (facts.disclosureAt === null) {
      return action("agree-disclosure-time", "Agree the disclosure time", "fix-lead", null, "released");
    }
  }

  // fix-ready with a disclosure time, or distributors-notified: release at the agreed time.
  return action("mark-released", "Mark released", "fix-lead", "release", "released", facts.disclosureAt);
}
