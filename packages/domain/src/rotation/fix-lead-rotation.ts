import { z } from "zod";
import { type Instant, toEpochMs } from "../time/utc";

export const ZRotationMember = z.object({
  id: z.string().min(1),
  /** Holidays, bandwidth: an unavailable member is skipped, not moved in the order. */
  available: z.boolean(),
});
export type TRotationMember = z.infer<typeof ZRotationMember>;

export const FIX_LEAD_ASSIGNMENT_REASONS = ["rotation", "reassignment", "volunteer"] as const;

export const ZFixLeadAssignment = z.object({
  caseId: z.string().min(1),
  memberId: z.string().min(1),
  at: z.date(),
  reason: z.enum(FIX_LEAD_ASSIGNMENT_REASONS),
  /** For a reassignment: who held the role before. */
  previousMemberId: z.string().min(1).nullable(),
  note: z.string().nullable(),
});
export type TFixLeadAssignment = z.infer<typeof ZFixLeadAssignment>;

export type RotationResult =
  | { readonly ok: true; readonly assignment: TFixLeadAssignment }
  | { readonly ok: false; readonly reason: string };

/**
 * The rotation order is the member list's order as given (the PST roster). The pointer is the last
 * member picked by the rotation (assignments and reassignments; a volunteer taking a case does not
 * move it), so with a fixed set of available members any run of k picks gives each of n members
 * ⌊k/n⌋ or ⌈k/n⌉ cases.
 */
export function nextFixLead(
  members: readonly TRotationMember[],
  history: readonly TFixLeadAssignment[],
  exclude: readonly string[] = [],
): string | null {
  if (members.length === 0) return null;
  const last = [...history].reverse().find((a) => a.reason !== "volunteer");
  const lastIndex = last ? members.findIndex((m) => m.id === last.memberId) : -1;
  for (let step = 1; step <= members.length; step++) {
    const candidate = members[(lastIndex + step + members.length) % members.length] as TRotationMember;
    if (candidate.available && !exclude.includes(candidate.id)) return candidate.id;
  }
  return null;
}

/** Picks the next Fix Lead for a new case and returns the assignment to record. */
export function assignFixLead(opts: {
  caseId: string;
  members: readonly TRotationMember[];
  history: readonly TFixLeadAssignment[];
  now: Instant;
}): RotationResult {
  const memberId = nextFixLead(opts.members, opts.history);
  if (memberId === null) return { ok: false, reason: "No PST member is available to lead this case." };
  return {
    ok: true,
    assignment: {
      caseId: opts.caseId,
      memberId,
      at: new Date(toEpochMs(opts.now)),
      reason: "rotation",
      previousMemberId: null,
      note: null,
    },
  };
}

/**
 * Replaces a case's Fix Lead by the next one in rotation (never the current one), recording who was
 * replaced and why.
 */
export function reassignFixLead(opts: {
  caseId: string;
  currentMemberId: string;
  members: readonly TRotationMember[];
  history: readonly TFixLeadAssignment[];
  now: Instant;
  note: string;
}): RotationResult {
  if (opts.note.trim().length === 0) return { ok: false, reason: "Say why the Fix Lead changes." };
  const memberId = nextFixLead(opts.members, opts.history, [opts.currentMemberId]);
  if (memberId === null) return { ok: false, reason: "No other PST member is available to take over." };
  return {
    ok: true,
    assignment: {
      caseId: opts.caseId,
      memberId,
      at: new Date(toEpochMs(opts.now)),
      reason: "reassignment",
      previousMemberId: opts.currentMemberId,
      note: opts.note.trim(),
    },
  };
}

/** A PST member volunteers (the policy's own words); recorded, but it does not move the rotation. */
export function volunteerAsFixLead(opts: {
  caseId: string;
  memberId: string;
  currentMemberId: string | null;
  members: readonly TRotationMember[];
  now: Instant;
}): RotationResult {
  const member = opts.members.find((m) => m.id === opts.memberId);
  if (!member) return { ok: false, reason: "Only PST members can lead a case." };
  if (!member.available)
    return { ok: false, reason: "You are marked unavailable; mark yourself available first." };
  return {
    ok: true,
    assignment: {
      caseId: opts.caseId,
      memberId: opts.memberId,
      at: new Date(toEpochMs(opts.now)),
      reason: "volunteer",
      previousMemberId: opts.currentMemberId,
      note: null,
    },
  };
}
