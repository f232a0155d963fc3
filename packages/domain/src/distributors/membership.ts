import { z } from "zod";
import type { DistributorMembershipStatus } from "../roles/actor";

/** The seven membership criteria of the policy ("Membership Criteria"), as data for the application form. */
export const MEMBERSHIP_CRITERIA = [
  { id: "active-distributor", text: "Be an active distributor of the project's components." },
  { id: "user-base", text: "Have a user base not limited to your own organization." },
  {
    id: "security-track-record",
    text: "Have a publicly verifiable track record up to present day of fixing security issues.",
  },
  { id: "not-downstream", text: "Not be a downstream or rebuild of another distributor." },
  { id: "community-participant", text: "Be a participant and active contributor in the community." },
  { id: "accepts-embargo", text: "Accept the Embargo Policy." },
  {
    id: "vouched",
    text: "Have someone already on the list vouch for the person requesting membership on behalf of your distribution.",
  },
] as const;
export type MembershipCriterionId = (typeof MEMBERSHIP_CRITERIA)[number]["id"];

/** Criteria answered in free text; the embargo and the vouch are checked structurally. */
const TEXT_CRITERIA = [
  "active-distributor",
  "user-base",
  "security-track-record",
  "not-downstream",
  "community-participant",
] as const satisfies readonly MembershipCriterionId[];

/** Short enough to be a real sentence, not an "ok". */
export const MIN_ANSWER_LENGTH = 20;

/**
 * The embargo policy applicants accept, shown in full on the application form; its version is stored with each
 * acceptance, so a later change of the text is never taken as accepted.
 */
export const EMBARGO_POLICY = {
  version: "2026-11-30",
  paragraphs: [
    "The information members receive on the private distributors list must not be made public, shared, nor even hinted at anywhere beyond the need-to-know within your specific team except with the list's explicit approval. This holds true until the public disclosure date and time that was agreed upon by the list.",
    "Members of the list and others may not use the information for anything other than getting the issue fixed for your respective distribution's users.",
    "Before any information from the list is shared with respective members of your team required to fix said issue, they must agree to the same terms and only find out information on a need-to-know basis.",
    "In the unfortunate event you share the information beyond what is allowed by this policy, you must urgently inform the project's security team of exactly what information leaked and to whom.",
    "If you continue to leak information and break the policy outlined here, you will be removed from the list.",
  ],
} as const;

/** One criterion's answer: how the applicant meets it, and what shows it (links, references). */
export const ZCriterionAnswer = z.object({ answer: z.string(), evidence: z.string() });
export type TCriterionAnswer = z.infer<typeof ZCriterionAnswer>;

export const VOUCH_DECISIONS = ["confirmed", "declined"] as const;
export type VouchDecision = (typeof VOUCH_DECISIONS)[number];

/**
 * An application as the rules see it. The applicant has no account: they are known by the address they gave.
 * Vouches are the answers given so far by the person named (a list member) or by a PST member.
 */
export const ZDistributorApplication = z.object({
  organizationName: z.string().trim().min(1),
  applicantEmail: z.string().trim().min(1),
  /** "Please specify how you qualify and fulfill each criterion": an answer and its evidence per criterion. */
  answers: z.record(z.string(), ZCriterionAnswer),
  embargoPolicyAccepted: z.boolean(),
  vouches: z.array(
    z.object({ voucherUserId: z.string().min(1), decision: z.enum(VOUCH_DECISIONS), comment: z.string() }),
  ),
});
export type TDistributorApplication = z.infer<typeof ZDistributorApplication>;

export interface ListMember {
  readonly userId: string;
  readonly organizationId: string;
  readonly status: DistributorMembershipStatus;
}

export interface ApplicationEvaluation {
  /** Meets every criterion as far as the data shows; the PST still decides. */
  readonly eligible: boolean;
  readonly problems: readonly { criterion: MembershipCriterionId; message: string }[];
}

/** Who may vouch: a person on the list now (a warned member still is; a removed one is not), or a PST member. */
export function mayVouch(
  userId: string,
  currentMembers: readonly ListMember[],
  pstMemberIds: readonly string[],
): boolean {
  const member = currentMembers.find((m) => m.userId === userId);
  return pstMemberIds.includes(userId) || (member !== undefined && member.status !== "removed");
}

export function evaluateDistributorApplication(
  application: TDistributorApplication,
  currentMembers: readonly ListMember[],
  pstMemberIds: readonly string[] = [],
): ApplicationEvaluation {
  const problems: { criterion: MembershipCriterionId; message: string }[] = [];
  for (const criterion of TEXT_CRITERIA) {
    const given = Object.hasOwn(application.answers, criterion) ? application.answers[criterion] : undefined;
    const text = MEMBERSHIP_CRITERIA.find((c) => c.id === criterion)?.text ?? criterion;
    if ((given?.answer.trim() ?? "").length < MIN_ANSWER_LENGTH) {
      problems.push({ criterion, message: `Explain how you meet: "${text}"` });
    } else if ((given?.evidence.trim() ?? "") === "") {
      problems.push({ criterion, message: `Show evidence for: "${text}"` });
    }
  }
  if (!application.embargoPolicyAccepted) {
    problems.push({ criterion: "accepts-embargo", message: "The Embargo Policy must be accepted." });
  }
  // A vouch counts when its author may vouch now (a member removed since no longer does).
  const counted = application.vouches.filter(
    (v) => v.decision === "confirmed" && mayVouch(v.voucherUserId, currentMembers, pstMemberIds),
  );
  if (counted.length === 0) {
    const declined = application.vouches.some((v) => v.decision === "declined");
    problems.push({
      criterion: "vouched",
      message: declined
        ? "The person named declined to vouch; someone on the list (or a PST member) must vouch."
        : "Someone already on the list (or a PST member) must vouch for the applicant.",
    });
  }
  return { eligible: problems.length === 0, problems };
}
