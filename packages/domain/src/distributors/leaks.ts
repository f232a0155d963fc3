import { z } from "zod";
import { type Instant, toEpochMs } from "../time/utc";

/** The policy's embargo-break workflow: reported → assessed → decided ("release early" or "continue"). */
export const LEAK_STATES = ["reported", "assessed", "decided"] as const;
export type LeakState = (typeof LEAK_STATES)[number];
export const LEAK_DAMAGE = ["none", "limited", "severe", "unknown"] as const;
export type LeakDamage = (typeof LEAK_DAMAGE)[number];
export const LEAK_DECISIONS = ["release-early", "continue"] as const;
export type LeakDecision = (typeof LEAK_DECISIONS)[number];

export const ZLeakReport = z.object({
  /** "Exactly what information leaked and to whom", as the policy requires. */
  what: z
    .string()
    .trim()
    .min(1, "Say exactly what leaked.")
    .max(4000, "Say what leaked in at most 4,000 characters."),
  toWhom: z
    .string()
    .trim()
    .min(1, "Say to whom it leaked.")
    .max(1000, "Say to whom in at most 1,000 characters."),
  leakedAt: z.date({ error: "Say when it leaked." }),
  /** How it will be prevented from happening again (the policy asks the leaking member for it). */
  prevention: z
    .string()
    .trim()
    .min(1, "Say how it will be prevented from happening again.")
    .max(4000, "Say how in at most 4,000 characters."),
  /** The organisation whose member leaked, when known. */
  organizationId: z.string().min(1).nullable(),
  /** The leaking member informed security@ themselves (the policy's duty), rather than being found out. */
  selfReported: z.boolean(),
});
export type TLeakReport = z.infer<typeof ZLeakReport>;

export interface Leak extends TLeakReport {
  readonly id: string;
  readonly caseId: string;
  readonly state: LeakState;
  readonly reportedBy: string;
  readonly reportedAt: Date;
  readonly assessment: {
    readonly damage: LeakDamage;
    readonly notes: string;
    readonly by: string;
    readonly at: Date;
  } | null;
  readonly decision: {
    readonly decision: LeakDecision;
    readonly reason: string;
    readonly by: string;
    readonly at: Date;
  } | null;
}

export type LeakResult =
  | { readonly ok: true; readonly leak: Leak }
  | { readonly ok: false; readonly reason: string };

export function reportLeak(opts: {
  id: string;
  caseId: string;
  report: TLeakReport;
  reportedBy: string;
  now: Instant;
}): LeakResult {
  const parsed = ZLeakReport.safeParse(opts.report);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues.map((i) => i.message).join(" ") };
  return {
    ok: true,
    leak: {
      ...parsed.data,
      id: opts.id,
      caseId: opts.caseId,
      state: "reported",
      reportedBy: opts.reportedBy,
      reportedAt: new Date(toEpochMs(opts.now)),
      assessment: null,
      decision: null,
    },
  };
}

export function assessLeak(
  leak: Leak,
  opts: { damage: LeakDamage; notes: string; by: string; now: Instant },
): LeakResult {
  if (leak.state !== "reported") return { ok: false, reason: "This leak was already assessed." };
  if (opts.notes.trim().length === 0) return { ok: false, reason: "Describe the damage assessed." };
  return {
    ok: true,
    leak: {
      ...leak,
      state: "assessed",
      assessment: {
        damage: opts.damage,
        notes: opts.notes.trim(),
        by: opts.by,
        at: new Date(toEpochMs(opts.now)),
      },
    },
  };
}

/** "When in doubt push forward and go public ASAP": release early unless the damage is known to be small. */
export function recommendedLeakDecision(damage: LeakDamage): LeakDecision {
  return damage === "none" || damage === "limited" ? "continue" : "release-early";
}

export function decideLeak(
  leak: Leak,
  opts: { decision: LeakDecision; reason: string; by: string; now: Instant },
): LeakResult {
  if (leak.state === "reported") return { ok: false, reason: "Assess the damage before deciding." };
  if (leak.state === "decided") return { ok: false, reason: "This leak was already decided." };
  if (opts.reason.trim().length === 0) return { ok: false, reason: "Say why." };
  if (opts.decision === "continue" && leak.assessment?.damage === "unknown") {
    // The policy's tie-breaker: doubt about the damage means going public as soon as possible.
    return {
      ok: false,
      reason: "The damage is unknown: when in doubt, release early and go public as soon as possible.",
    };
  }
  return {
    ok: true,
    leak: {
      ...leak,
      state: "decided",
      decision: {
        decision: opts.decision,
        reason: opts.reason.trim(),
        by: opts.by,
        at: new Date(toEpochMs(opts.now)),
      },
    },
  };
}

export type LeakConsequence = "none" | "warn" | "remove";

/**
 * What happens to a list member's organisation after its leaks. The policy: a member who leaks must
 * inform the list; one who "continue[s] to leak" is removed. So the first leak with damage brings a
 * warning and any further one removal. Leaks assessed as harmless ("none") and leaks not yet assessed
 * do not count: the PST judges the damage first.
 */
export function leakConsequence(organizationId: string, leaks: readonly Leak[]): LeakConsequence {
  const counted = leaks.filter(
    (l) => l.organizationId === organizationId && l.assessment !== null && l.assessment.damage !== "none",
  ).length;
  if (counted === 0) return "none";
  return counted === 1 ? "warn" : "remove";
}
