import { z } from "zod";
import { actorRef, type Role, type TActor } from "../roles/actor";
import { formatUtc, type Instant, toEpochMs } from "../time/utc";
import { caseRolesOf, commitsMissingLgtm, isFixDeveloped, type TCaseFacts } from "./case-facts";
import { CASE_STATE_LABELS, type CaseState } from "./states";

const reason = z
  .string()
  .trim()
  .min(1, "Say why, in a sentence.")
  .max(2000, "Say why in at most 2,000 characters.");

/** Commands a caller may ask for; parse router input with ZCaseCommand. */
export const ZCaseCommand = z.discriminatedUnion("type", [
  z.object({ type: z.literal("acknowledge") }),
  // The question itself goes to the reporter end-to-end encrypted; it is never part of the command (or the
  // audit log that records commands).
  z.object({ type: z.literal("request-info") }),
  z.object({ type: z.literal("accept") }),
  z.object({
    type: z.literal("mark-duplicate"),
    duplicateOfCaseId: z.string().min(1, "Choose the report this one duplicates."),
  }),
  z.object({
    type: z.literal("mark-not-vulnerability"),
    reason,
    /** Where it lives on as a normal bug (issue URL), when known. */
    bugReference: z
      .string()
      .trim()
      .min(1, "Enter where the bug was filed, or leave it out.")
      .max(500, "A bug reference is at most 500 characters.")
      .optional(),
  }),
  z.object({ type: z.literal("reject"), reason }),
  z.object({ type: z.literal("mark-spam") }),
  z.object({ type: z.literal("start-fix") }),
  z.object({ type: z.literal("mark-fix-ready") }),
  z.object({ type: z.literal("reopen-fix"), reason }),
  z.object({ type: z.literal("notify-distributors") }),
  z.object({
    type: z.literal("release"),
    /** Required when releasing before the agreed disclosure time: the leak decision that allowed it. */
    earlyReleaseLeakId: z.string().min(1).optional(),
  }),
  z.object({ type: z.literal("close") }),
]);
export type TCaseCommand = z.infer<typeof ZCaseCommand>;
export type CaseCommandType = TCaseCommand["type"];

interface TransitionRule {
  readonly from: readonly CaseState[];
  readonly to: CaseState | "same";
  readonly roles: readonly Role[];
  readonly label: string;
}

/**
 * The lifecycle: which states a command applies in, where it leads and who may issue it.
 * Why these roles: triage belongs to the PST (policy: the PST organises the whole response); fix
 * work is the Fix Lead's and Fix Team's ("the Fix Team will notify the Fix Lead that work on the fix
 * branch is complete"); emails to distributors, the release and closing are the Fix Lead's. An
 * admin runs the deployment and holds no case rights; a PST member who must act instead of a Fix
 * Lead first reassigns the Fix Lead, which is recorded.
 */
export const TRANSITIONS: Readonly<Record<CaseCommandType, TransitionRule>> = {
  acknowledge: { from: ["received"], to: "triage", roles: ["pst"], label: "Acknowledge" },
  "request-info": {
    from: ["triage"],
    to: "same",
    roles: ["pst"],
    label: "Ask the reporter for more information",
  },
  accept: { from: ["triage"], to: "accepted", roles: ["pst"], label: "Accept" },
  "mark-duplicate": { from: ["triage"], to: "duplicate", roles: ["pst"], label: "Mark as duplicate" },
  "mark-not-vulnerability": {
    from: ["triage"],
    to: "not-a-vulnerability",
    roles: ["pst"],
    label: "Not a vulnerability (reclassify as a normal bug)",
  },
  reject: { from: ["triage"], to: "rejected", roles: ["pst"], label: "Reject" },
  // Spam may be discarded before acknowledging it: an acknowledgement would mail the spammer.
  "mark-spam": { from: ["received", "triage"], to: "spam", roles: ["pst"], label: "Mark as spam" },
  "start-fix": {
    from: ["accepted"],
    to: "fix-in-progress",
    roles: ["fix-lead"],
    label: "Start fix development",
  },
  "mark-fix-ready": {
    from: ["fix-in-progress"],
    to: "fix-ready",
    roles: ["fix-lead", "fix-team"],
    label: "Mark fix ready",
  },
  "reopen-fix": {
    from: ["fix-ready"],
    to: "fix-in-progress",
    roles: ["fix-lead", "fix-team"],
    label: "Reopen fix development",
  },
  "notify-distributors": {
    from: ["fix-ready"],
    to: "distributors-notified",
    roles: ["fix-lead"],
    label: "Disclose early to distributors",
  },
  release: {
    from: ["fix-ready", "distributors-notified"],
    to: "released",
    roles: ["fix-lead"],
    label: "Release",
  },
  close: { from: ["released"], to: "closed", roles: ["fix-lead", "pst"], label: "Close" },
};

export const CASE_COMMAND_TYPES = Object.keys(TRANSITIONS) as CaseCommandType[];

/** Context a guard may need beyond the case itself. */
export interface TransitionContext {
  readonly now: Instant;
  /** Leak decisions recorded for this case (see distributors/leaks): an early release needs one. */
  readonly releaseEarlyLeakIds?: readonly string[];
}

/** Audit-ready description of what happened; the caller persists it in the same transaction. */
export interface CaseEvent {
  readonly type: CaseCommandType;
  readonly caseId: string;
  readonly from: CaseState;
  readonly to: CaseState;
  readonly actor: string;
  readonly at: Date;
  readonly details: Readonly<Record<string, string>>;
  readonly summary: string;
}

export type TransitionRefusalCode =
  | "invalid-command"
  | "illegal-transition"
  | "role-not-allowed"
  | "guard-failed";

export type TransitionResult =
  | { readonly ok: true; readonly event: CaseEvent }
  | { readonly ok: false; readonly code: TransitionRefusalCode; readonly reason: string };

const refuse = (code: TransitionRefusalCode, reason: string): TransitionResult => ({
  ok: false,
  code,
  reason,
});

function guard(facts: TCaseFacts, command: TCaseCommand, ctx: TransitionContext): string | null {
  const now = toEpochMs(ctx.now);
  switch (command.type) {
    case "mark-duplicate":
      return command.duplicateOfCaseId === facts.id ? "A case cannot be a duplicate of itself." : null;
    case "start-fix":
      return facts.fixLeadId === null ? "Assign a Fix Lead before starting the fix." : null;
    case "mark-fix-ready": {
      if (facts.fixCommits.length === 0) return "There is no fix commit yet.";
      const missing = commitsMissingLgtm(facts);
      if (missing.length > 0) {
        const list = missing.map((c) => c.sha.slice(0, 12)).join(", ");
        return `Every fix commit needs an LGTM from a maintainer other than its author; still missing on ${list}.`;
      }
      return null;
    }
    case "notify-distributors": {
      if (!isFixDeveloped(facts) && !facts.mitigationAvailable) {
        return "Early disclosure needs a fix or a mitigation first.";
      }
      if (!facts.remotelyExploitable && !facts.privilegeEscalation) {
        return "Early disclosure to distributors is reserved for remotely exploitable or privilege-escalation issues.";
      }
      if (facts.isPublic) {
        return "The issue is already public: there is nothing to embargo, go public as soon as possible.";
      }
      if (facts.distributorDisclosures.length === 0)
        return "Choose which distributors receive the disclosure.";
      if (facts.disclosureAt === null)
        return "Agree the public disclosure date and time (the embargo end) first.";
      if (facts.disclosureAt.getTime() <= now) {
        return `The agreed disclosure time ${formatUtc(facts.disclosureAt)} has passed; agree a new one first.`;
      }
      return null;
    }
    case "release": {
      if (!isFixDeveloped(facts)) return "Release needs a fix with an LGTM on every commit.";
      if (facts.releaseVersion === null) return "Set the release version first.";
      if (facts.disclosureAt === null) return "Set the public disclosure date and time first.";
      const embargoed = facts.state === "distributors-notified" && now < facts.disclosureAt.getTime();
      if (embargoed) {
        const allowed =
          command.earlyReleaseLeakId !== undefined &&
          (ctx.releaseEarlyLeakIds ?? []).includes(command.earlyReleaseLeakId);
        if (!allowed) {
          return `Distributors are under embargo until ${formatUtc(facts.disclosureAt)}; releasing earlier needs a recorded "release early" leak decision.`;
        }
      }
      return null;
    }
    default:
      return null;
  }
}

function detailsOf(command: TCaseCommand): Record<string, string> {
  const details: Record<string, string> = {};
  for (const [key, value] of Object.entries(command)) {
    if (key !== "type" && typeof value === "string") details[key] = value;
  }
  return details;
}

/**
 * Decide whether `actor` may apply `command` to the case now. Pure: returns the event to record, or
 * a refusal in words a person understands. Checks, in order: the command is well formed, the state
 * allows it, the actor's role allows it, then the policy's guard.
 */
export function transition(
  facts: TCaseFacts,
  command: TCaseCommand,
  actor: TActor,
  ctx: TransitionContext,
): TransitionResult {
  // Callers parse input with ZCaseCommand already; checking again keeps a missing reason out of the audit log.
  const parsed = ZCaseCommand.safeParse(command);
  if (!parsed.success) {
    return refuse("invalid-command", parsed.error.issues.map((i) => i.message).join(" "));
  }
  const rule = TRANSITIONS[command.type];
  if (!rule.from.includes(facts.state)) {
    const allowedFrom = rule.from.map((s) => CASE_STATE_LABELS[s]).join(" or ");
    return refuse(
      "illegal-transition",
      `"${rule.label}" is not possible while the case is ${CASE_STATE_LABELS[facts.state]}; it needs the case to be ${allowedFrom}.`,
    );
  }
  const roles = caseRolesOf(actor, facts);
  if (!rule.roles.some((r) => roles.has(r))) {
    const who = rule.roles.map((r) => ROLE_LABELS[r]).join(" or ");
    return refuse("role-not-allowed", `Only the ${who} may "${rule.label}" on this case.`);
  }
  const problem = guard(facts, command, ctx);
  if (problem !== null) return refuse("guard-failed", problem);
  const to = rule.to === "same" ? facts.state : rule.to;
  return {
    ok: true,
    event: {
      type: command.type,
      caseId: facts.id,
      from: facts.state,
      to,
      actor: actorRef(actor),
      at: new Date(toEpochMs(ctx.now)),
      details: detailsOf(command),
      summary: `${rule.label}: ${CASE_STATE_LABELS[facts.state]} → ${CASE_STATE_LABELS[to]}`,
    },
  };
}

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  admin: "administrator",
  pst: "Product Security Team",
  "fix-lead": "Fix Lead",
  "fix-team": "Fix Team",
  distributor: "distributor",
  reporter: "reporter",
};

/** Commands whose state and role checks pass for this actor: the buttons a UI may show (guards still apply). */
export function availableCommands(
  facts: TCaseFacts,
  actor: TActor,
): { type: CaseCommandType; label: string }[] {
  const roles = caseRolesOf(actor, facts);
  return CASE_COMMAND_TYPES.filter((type) => {
    const rule = TRANSITIONS[type];
    return rule.from.includes(facts.state) && rule.roles.some((r) => roles.has(r));
  }).map((type) => ({ type, label: TRANSITIONS[type].label }));
}
