import { z } from "zod";
import { formatUtc, type Instant, toEpochMs } from "../time/utc";
import { hasControlCharactersInText } from "../validation/safe-text";
import { CASE_STATE_LABELS, type CaseState, TRIAGE_OUTCOME_STATES } from "./states";

/**
 * The yes/no facts the policy's rules turn on, recorded by the Fix Lead on the case. The sixth fact the issue
 * lists, a dependency on another project's disclosure timeline, is not a flag but a recorded decision with
 * new dates (timeline/upstream-dependency.ts), because it only means something together with those dates.
 */
export const POLICY_FACT_KEYS = [
  /** Public disclosure: every deadline becomes ASAP. */
  "alreadyPublic",
  /** With privilege escalation, what makes early disclosure to distributors worth it. */
  "remotelyExploitable",
  "privilegeEscalation",
  /** A mitigation users can apply: allows the forthcoming-fix notice before the fix. */
  "mitigationAvailable",
  /** The Fix Lead decided early disclosure to distributors is not needed (the policy makes it optional). */
  "distributorDisclosureSkipped",
] as const;
export type PolicyFactKey = (typeof POLICY_FACT_KEYS)[number];

export const ZPolicyFacts = z.object({
  alreadyPublic: z.boolean(),
  remotelyExploitable: z.boolean(),
  privilegeEscalation: z.boolean(),
  mitigationAvailable: z.boolean(),
  distributorDisclosureSkipped: z.boolean(),
});
export type TPolicyFacts = z.infer<typeof ZPolicyFacts>;

/** A new case knows nothing yet, except what the reporter said about public disclosure. */
export function initialPolicyFacts(alreadyPublic: boolean): TPolicyFacts {
  return {
    alreadyPublic,
    remotelyExploitable: false,
    privilegeEscalation: false,
    mitigationAvailable: false,
    distributorDisclosureSkipped: false,
  };
}

export const POLICY_FACT_LABELS: Readonly<Record<PolicyFactKey, string>> = {
  alreadyPublic: "Already public",
  remotelyExploitable: "Remotely exploitable",
  privilegeEscalation: "Privilege escalation",
  mitigationAvailable: "Mitigation available",
  distributorDisclosureSkipped: "Early disclosure to distributors skipped",
};

/** Parse the caller's input with this; every change is audited with its reason. */
export const ZPolicyFactChange = z.object({
  fact: z.enum(POLICY_FACT_KEYS),
  value: z.boolean(),
  reason: z
    .string()
    .trim()
    .min(1, "Say why, in a sentence.")
    .max(2000, "Say why in at most 2,000 characters.")
    .refine((text) => !hasControlCharactersInText(text), "Remove the control characters from the reason."),
});
export type TPolicyFactChange = z.infer<typeof ZPolicyFactChange>;

export interface PolicyFactChangeContext {
  readonly state: CaseState;
  /** Who records the change (user id), for the audit event. */
  readonly changedBy: string;
  readonly now: Instant;
  /** When distributors were sent the embargoed material, if they were. */
  readonly distributorsNotifiedAt: Date | null;
}

export interface PolicyFactChangedEvent {
  readonly type: "policy-fact-changed";
  readonly fact: PolicyFactKey;
  readonly from: boolean;
  readonly to: boolean;
  readonly reason: string;
  readonly changedBy: string;
  readonly at: Date;
  readonly summary: string;
}

export type PolicyFactChangeResult =
  | { readonly ok: true; readonly facts: TPolicyFacts; readonly event: PolicyFactChangedEvent }
  | { readonly ok: false; readonly reason: string };

const yesNo = (value: boolean) => (value ? "yes" : "no");

/**
 * Applies one fact change, or refuses it in words a person understands. Refused: a change without a reason, a
 * change to the value it already has (it would audit nothing), any change once the case is closed or was not
 * accepted, and skipping early disclosure after distributors already received it (it cannot be undone).
 */
export function changePolicyFact(
  facts: TPolicyFacts,
  change: TPolicyFactChange,
  ctx: PolicyFactChangeContext,
): PolicyFactChangeResult {
  const parsed = ZPolicyFactChange.safeParse(change);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues.map((i) => i.message).join(" ") };
  const { fact, value, reason } = parsed.data;
  const label = POLICY_FACT_LABELS[fact];
  if (ctx.state === "closed" || (TRIAGE_OUTCOME_STATES as readonly string[]).includes(ctx.state)) {
    return {
      ok: false,
      reason: `The case is ${CASE_STATE_LABELS[ctx.state]}: its facts can no longer change.`,
    };
  }
  if (facts[fact] === value) return { ok: false, reason: `"${label}" is already ${yesNo(value)}.` };
  if (fact === "distributorDisclosureSkipped" && value && ctx.distributorsNotifiedAt !== null) {
    return {
      ok: false,
      reason: `Distributors already received the disclosure on ${formatUtc(ctx.distributorsNotifiedAt)}; it cannot be skipped now.`,
    };
  }
  if (
    fact === "alreadyPublic" &&
    !value &&
    (ctx.state === "released" || ctx.state === "distributors-notified")
  ) {
    // Correcting a mistaken "public" flag is fine while the team still works in private; once released (or
    // shared with distributors under an embargo built on it) the record must keep what happened.
    return {
      ok: false,
      reason: `The case is ${CASE_STATE_LABELS[ctx.state]}: "${label}" can no longer be withdrawn.`,
    };
  }
  const at = new Date(toEpochMs(ctx.now));
  return {
    ok: true,
    facts: { ...facts, [fact]: value },
    event: {
      type: "policy-fact-changed",
      fact,
      from: facts[fact],
      to: value,
      reason,
      changedBy: ctx.changedBy,
      at,
      summary: `${label}: ${yesNo(facts[fact])} → ${yesNo(value)}`,
    },
  };
}
