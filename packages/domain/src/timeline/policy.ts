import { DAY_MS, HOUR_MS } from "../time/utc";

/** The policy's milestones, in the order the policy lists them. */
export const MILESTONE_IDS = [
  "fix-team-formed",
  "cvss-scored",
  "fix-developed",
  "users-notified",
  "distributors-notified",
  "released",
] as const;
export type MilestoneId = (typeof MILESTONE_IDS)[number];

/**
 * What a case page shows: the policy's milestones, then the retrospective the issue adds after release. Kept
 * apart from MILESTONE_IDS so that pages listing the policy's own windows (the reporters' policy page) and
 * slow-down decisions stay about the policy only.
 */
export const TIMELINE_MILESTONE_IDS = [...MILESTONE_IDS, "retrospective"] as const;
export type TimelineMilestoneId = (typeof TIMELINE_MILESTONE_IDS)[number];

export interface MilestonePolicy {
  readonly id: TimelineMilestoneId;
  readonly label: string;
  /** Due this long after the report arrived (the clock's start). */
  readonly dueAfterMs: number;
  readonly policyText: string;
}

/**
 * Windows from the policy ("Patch, Release, and Public Communication"). We read "within 1–N days of
 * disclosure" as: day 1 starts when the report arrives, so the milestone is due N×24 h after arrival.
 */
export const MILESTONE_POLICY: Readonly<Record<MilestoneId, MilestonePolicy>> = {
  "fix-team-formed": {
    id: "fix-team-formed",
    label: "Fix Team formed",
    dueAfterMs: 24 * HOUR_MS,
    policyText: "Fix Team organised within the first 24 hours.",
  },
  "cvss-scored": {
    id: "cvss-scored",
    label: "CVSS scored",
    dueAfterMs: 7 * DAY_MS,
    policyText: "Fix Lead and Fix Team create a CVSS during fix development (1–7 days).",
  },
  "fix-developed": {
    id: "fix-developed",
    label: "Fix developed (LGTM on every commit)",
    dueAfterMs: 7 * DAY_MS,
    policyText: "Fix developed, with LGTMs on all commits, within 1–7 days.",
  },
  "users-notified": {
    id: "users-notified",
    label: "Forthcoming fix announced to users",
    dueAfterMs: 7 * DAY_MS,
    policyText:
      "Disclosure of the forthcoming fix to users within 1–7 days, once a fix or mitigation exists.",
  },
  "distributors-notified": {
    id: "distributors-notified",
    label: "Early disclosure to distributors (optional)",
    dueAfterMs: 14 * DAY_MS,
    policyText:
      "Optional disclosure to the private distributors list within 1–14 days, remote or privilege-escalation issues only.",
  },
  released: {
    id: "released",
    label: "Fix released",
    dueAfterMs: 21 * DAY_MS,
    policyText: "Fix Release Day within 1–21 days.",
  },
};

/**
 * Not in the policy: the case workflow adds a retrospective 1–3 days after the release, while the Fix Team
 * still holds read access (closing the case ends it). Its clock starts at the release, not at the report.
 */
export const RETROSPECTIVE_POLICY: MilestonePolicy = {
  id: "retrospective",
  label: "Retrospective written",
  dueAfterMs: 3 * DAY_MS,
  policyText: "A retrospective with notes, 1–3 days after the release.",
};
/** The retrospective is not expected before a day has passed since the release. */
export const RETROSPECTIVE_EARLIEST_AFTER_RELEASE_MS = DAY_MS;

export const TIMELINE_MILESTONE_POLICY: Readonly<Record<TimelineMilestoneId, MilestonePolicy>> = {
  ...MILESTONE_POLICY,
  retrospective: RETROSPECTIVE_POLICY,
};
