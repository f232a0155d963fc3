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

export const ZDistributorApplication = z.object({
  organizationName: z.string().trim().min(1),
  applicantUserId: z.string().min(1),
  /** "Please specify how you qualify and fulfill each criterion": one answer per criterion. */
  answers: z.record(z.string(), z.string()),
  embargoPolicyAccepted: z.boolean(),
  vouch: z.object({ voucherUserId: z.string().min(1), statement: z.string().trim().min(1) }).nullable(),
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

export function evaluateDistributorApplication(
  application: TDistributorApplication,
  currentMembers: readonly ListMember[],
): ApplicationEvaluation {
  const problems: { criterion: MembershipCriterionId; message: string }[] = [];
  for (const criterion of TEXT_CRITERIA) {
    const answer =
      (Object.hasOwn(application.answers, criterion) ? application.answers[criterion] : undefined)?.trim() ??
      "";
    if (answer.length < MIN_ANSWER_LENGTH) {
      const text = MEMBERSHIP_CRITERIA.find((c) => c.id === criterion)?.text ?? criterion;
      problems.push({ criterion, message: `Explain how you meet: "${text}"` });
    }
  }
  if (!application.embargoPolicyAccepted) {
    problems.push({ criterion: "accepts-embargo", message: "The Embargo Policy must be accepted." });
  }
  const vouch = application.vouch;
  if (vouch === null) {
    problems.push({
      criterion: "vouched",
      message: "Someone already on the list must vouch for the applicant.",
    });
  } else if (vouch.voucherUserId === application.applicantUserId) {
    problems.push({ criterion: "vouched", message: "Applicants cannot vouch for themselves." });
  } else {
    const voucher = currentMembers.find((m) => m.userId === vouch.voucherUserId);
    // A removed member is no longer "on the list"; a warned one still is.
    if (!voucher || voucher.status === "removed") {
      problems.push({ criterion: "vouched", message: "The voucher is not a current member of the list." });
    }
  }
  return { eligible: problems.length === 0, problems };
}
