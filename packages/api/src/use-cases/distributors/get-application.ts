import { appendAuditEvent, type Db } from "@disclose/db";
import { EMBARGO_POLICY, MEMBERSHIP_CRITERIA, mayVouch } from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import {
  answersOf,
  applicationNotFound,
  evaluateRow,
  isNamedVoucher,
  isPstMember,
  reviewContext,
  ZApplicationStatus,
  ZVouchDecision,
} from "./review-access";

export const ZGetApplicationInput = z.object({
  applicationId: z.uuid({ error: "That is not an application id." }),
});

const ZCriterion = z.object({
  id: z.string(),
  text: z.string(),
  answer: z.string(),
  evidence: z.string(),
});
const ZMyVouch = z.object({ decision: ZVouchDecision, comment: z.string(), at: z.date() }).nullable();

/** What the person named as voucher needs to decide: who applies, for what, and how they say they qualify. */
const ZVoucherView = z.object({
  view: z.literal("voucher"),
  id: z.string(),
  status: ZApplicationStatus,
  createdAt: z.date(),
  organizationName: z.string(),
  distribution: z.string(),
  applicantName: z.string(),
  applicantEmail: z.string(),
  criteria: z.array(ZCriterion),
  myVouch: ZMyVouch,
  mayVouch: z.boolean(),
});

/** Everything, with the domain's verdict per criterion, for the PST that decides. */
const ZPstView = ZVoucherView.extend({
  view: z.literal("pst"),
  userBase: z.string(),
  trackRecord: z.string(),
  downstreamOf: z.string().nullable(),
  contribution: z.string(),
  criteria: z.array(ZCriterion.extend({ problems: z.array(z.string()) })),
  securityContact: z.string(),
  emailDelivery: z.boolean(),
  teamKeyFingerprint: z.string(),
  embargoPolicyVersion: z.string(),
  /** The acceptance was of the policy text in force now (an older text is not taken as accepted). */
  embargoPolicyCurrent: z.boolean(),
  embargoAcceptedAt: z.date(),
  voucherEmail: z.string(),
  voucherName: z.string().nullable(),
  /** The address named is an account's (the person can vouch here); else the PST must find another voucher. */
  voucherHasAccount: z.boolean(),
  vouches: z.array(
    z.object({
      voucherId: z.string(),
      voucherName: z.string().nullable(),
      voucherEmail: z.string(),
      decision: ZVouchDecision,
      comment: z.string(),
      at: z.date(),
      /** The voucher may vouch now (a member removed since no longer counts). */
      counts: z.boolean(),
    }),
  ),
  eligible: z.boolean(),
  problems: z.array(z.object({ criterion: z.string(), message: z.string() })),
  decision: z
    .object({
      reason: z.string().nullable(),
      decidedByName: z.string().nullable(),
      decidedAt: z.date().nullable(),
      organizationId: z.string().nullable(),
    })
    .nullable(),
});

export const ZApplicationDetail = z.discriminatedUnion("view", [ZPstView, ZVoucherView]);
export type TApplicationDetail = z.infer<typeof ZApplicationDetail>;

/** One application: the PST sees all of it, the named voucher what they need; anyone else NOT_FOUND. */
export async function getApplication({
  db,
  session,
  applicationId,
  now,
}: {
  db: Db;
  session: SessionInfo;
  applicationId: string;
  now: Date;
}): Promise<TApplicationDetail> {
  return db.$transaction(async (tx) => {
    const row = await tx.distributorApplication.findUnique({
      where: { id: applicationId },
      include: {
        voucher: { select: { name: true } },
        decidedBy: { select: { name: true, email: true } },
        vouches: {
          orderBy: { at: "asc" },
          include: { voucher: { select: { name: true, email: true } } },
        },
      },
    });
    if (!row) throw applicationNotFound();
    const review = await reviewContext(tx);
    const pst = isPstMember(session);
    if (!pst && !isNamedVoucher(session, row, review)) throw applicationNotFound();
    // An application holds an applicant's personal data: every read is recorded, as for reports.
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "distributor.application_read",
      subjectType: "distributor_application",
      subjectId: row.id,
      data: { view: pst ? "pst" : "voucher" },
      occurredAt: now,
    });

    const answers = answersOf(row.answers);
    const mine = row.vouches.find((v) => v.voucherId === session.userId);
    const base = {
      id: row.id,
      status: ZApplicationStatus.parse(row.status),
      createdAt: row.createdAt,
      organizationName: row.organizationName,
      distribution: row.distribution,
      applicantName: row.applicantName,
      applicantEmail: row.applicantEmail,
      myVouch: mine
        ? { decision: ZVouchDecision.parse(mine.decision), comment: mine.comment, at: mine.at }
        : null,
      mayVouch:
        row.status === "submitted" && (pst || mayVouch(session.userId, review.members, review.pstIds)),
    };
    const criteria = MEMBERSHIP_CRITERIA.map((c) => ({
      id: c.id,
      text: c.text,
      answer: answers[c.id]?.answer ?? "",
      evidence: answers[c.id]?.evidence ?? "",
    }));
    if (!pst) return { view: "voucher" as const, ...base, criteria };

    const evaluation = evaluateRow(row, review);
    return {
      view: "pst" as const,
      ...base,
      userBase: row.userBase,
      trackRecord: row.trackRecord,
      downstreamOf: row.downstreamOf,
      contribution: row.contribution,
      criteria: criteria.map((c) => ({
        ...c,
        problems: evaluation.problems.filter((p) => p.criterion === c.id).map((p) => p.message),
      })),
      securityContact: row.securityContact,
      emailDelivery: row.emailDelivery,
      teamKeyFingerprint: row.teamKeyFingerprint,
      embargoPolicyVersion: row.embargoPolicyVersion,
      embargoPolicyCurrent: row.embargoPolicyVersion === EMBARGO_POLICY.version,
      embargoAcceptedAt: row.embargoAcceptedAt,
      voucherEmail: row.voucherEmail,
      voucherName: row.voucher?.name ?? null,
      voucherHasAccount: row.voucherUserId !== null,
      vouches: row.vouches.map((v) => ({
        voucherId: v.voucherId,
        voucherName: v.voucher.name,
        voucherEmail: v.voucher.email,
        decision: ZVouchDecision.parse(v.decision),
        comment: v.comment,
        at: v.at,
        counts: mayVouch(v.voucherId, review.members, review.pstIds),
      })),
      eligible: evaluation.eligible,
      problems: evaluation.problems.map((p) => ({ criterion: p.criterion, message: p.message })),
      decision:
        row.status === "submitted"
          ? null
          : {
              reason: row.decisionReason,
              decidedByName: row.decidedBy?.name ?? row.decidedBy?.email ?? null,
              decidedAt: row.decidedAt,
              organizationId: row.organizationId,
            },
    };
  });
}
