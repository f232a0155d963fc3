import { type DbTx, Role } from "@disclose/db";
import {
  type ApplicationEvaluation,
  EMBARGO_POLICY,
  evaluateDistributorApplication,
  type ListMember,
  mayVouch,
  type TCriterionAnswer,
  VOUCH_DECISIONS,
  ZCriterionAnswer,
} from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { isProduction } from "../../env";
import { AppError, AppErrorCode } from "../../errors";

// What the review of distributor applications shares: ids, who reviews (the PST) and who vouches (the person
// named, while on the list), and the domain's evaluation built from a row and its vouches.

export const APPLICATION_STATUSES = ["submitted", "approved", "rejected"] as const;
export const ZApplicationStatus = z.enum(APPLICATION_STATUSES, {
  error: "Unknown status: choose submitted, approved or rejected.",
});
export type TApplicationStatus = z.infer<typeof ZApplicationStatus>;

// The column is a uuid: anything else would fail in the database, not with a message a person understands.
export const ZApplicationId = z.uuid({ error: "That is not an application id." });

export const ZVouchDecision = z.enum(VOUCH_DECISIONS, { error: "Choose to confirm or to decline." });

// Newlines are fine in a comment; other control characters and text-direction overrides are not.
const UNSAFE_TEXT = /(?![\n\r\t])[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

/** Free text a reviewer writes (a vouch's comment, a rejection's reason): required, bounded, no hidden characters. */
export const reviewText = (what: string, max: number) =>
  z
    .string({ error: `Enter ${what}.` })
    .trim()
    .min(1, `Enter ${what}.`)
    .max(max, `At most ${max} characters.`)
    .refine((text) => !UNSAFE_TEXT.test(text), "Remove control or text-direction characters.");

/** A PST member reviews applications; an admin without the PST role does not (the policy's "the PST decides"). */
export function isPstMember(session: Pick<SessionInfo, "roles">): boolean {
  return session.roles.includes(Role.PST_MEMBER);
}

export function assertPstMember(session: SessionInfo): void {
  if (!isPstMember(session)) {
    throw new AppError(AppErrorCode.FORBIDDEN, "Only a PST member can decide on applications.");
  }
}

export const alreadyDecided = (status: string) =>
  new AppError(AppErrorCode.CONFLICT, `This application was already ${status}.`);

/** Locks the application's row for the transaction: a vouch and a decision, or two decisions, never interleave. */
export async function lockApplication(tx: DbTx, applicationId: string): Promise<void> {
  await tx.$executeRaw`SELECT 1 FROM distributor_applications WHERE id = ${applicationId}::uuid FOR UPDATE`;
}

/** Where the PST is told of news about applications: active PST members (demo accounts only outside production). */
export async function pstEmailAddresses(tx: DbTx): Promise<string[]> {
  const rows = await tx.user.findMany({
    where: {
      active: true,
      roles: { some: { role: Role.PST_MEMBER } },
      ...(isProduction() ? { isDemo: false } : {}),
    },
    select: { email: true },
    orderBy: { id: "asc" },
  });
  return rows.map((row) => row.email);
}

export const applicationNotFound = () =>
  new AppError(AppErrorCode.NOT_FOUND, "There is no such application.", { field: "applicationId" });

/** Who is on the list now: active accounts with their membership, removed when their organisation is removed. */
export async function currentListMembers(tx: DbTx): Promise<ListMember[]> {
  const rows = await tx.distributorMembership.findMany({
    where: { user: { active: true } },
    select: { userId: true, organizationId: true, status: true, organization: { select: { status: true } } },
  });
  return rows.map((row) => ({
    userId: row.userId,
    organizationId: row.organizationId,
    status: row.organization.status === "removed" ? "removed" : (row.status as ListMember["status"]),
  }));
}

/** The ids of active PST members (their confirmed vouch counts like a list member's). */
export async function pstMemberIds(tx: DbTx): Promise<string[]> {
  const rows = await tx.user.findMany({
    where: { active: true, roles: { some: { role: Role.PST_MEMBER } } },
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

export interface ReviewContext {
  members: ListMember[];
  pstIds: string[];
}

export async function reviewContext(tx: DbTx): Promise<ReviewContext> {
  const [members, pstIds] = await Promise.all([currentListMembers(tx), pstMemberIds(tx)]);
  return { members, pstIds };
}

/** The named voucher may see and answer their request only while they may vouch (a removed member may not). */
export function isNamedVoucher(
  session: Pick<SessionInfo, "userId">,
  application: { voucherUserId: string | null },
  review: ReviewContext,
): boolean {
  return (
    application.voucherUserId === session.userId && mayVouch(session.userId, review.members, review.pstIds)
  );
}

/** The answers as stored (JSON): only well-formed entries count; anything else is as if unanswered. */
export function answersOf(json: unknown): Record<string, TCriterionAnswer> {
  const answers: Record<string, TCriterionAnswer> = {};
  if (json && typeof json === "object" && !Array.isArray(json)) {
    for (const [key, value] of Object.entries(json)) {
      const parsed = ZCriterionAnswer.safeParse(value);
      if (parsed.success) answers[key] = parsed.data;
    }
  }
  return answers;
}

/** The domain's evaluation of a stored application; an acceptance of an older policy text is no acceptance. */
export function evaluateRow(
  row: {
    organizationName: string;
    applicantEmail: string;
    answers: unknown;
    embargoPolicyVersion: string;
    vouches: readonly { voucherId: string; decision: string; comment: string }[];
  },
  review: ReviewContext,
): ApplicationEvaluation {
  return evaluateDistributorApplication(
    {
      organizationName: row.organizationName,
      applicantEmail: row.applicantEmail,
      answers: answersOf(row.answers),
      embargoPolicyAccepted: row.embargoPolicyVersion === EMBARGO_POLICY.version,
      vouches: row.vouches.flatMap((v) =>
        v.decision === "confirmed" || v.decision === "declined"
          ? [{ voucherUserId: v.voucherId, decision: v.decision, comment: v.comment }]
          : [],
      ),
    },
    review.members,
    review.pstIds,
  );
}

/** The page of an application in the admin app, for emails. */
export function applicationUrl(adminUrl: string, applicationId: string): string {
  return `${adminUrl.replace(/\/+$/, "")}/distributors/applications/${applicationId}`;
}
