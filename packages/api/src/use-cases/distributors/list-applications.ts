import type { Db } from "@disclose/db";
import { z } from "zod";
import { actorOf } from "../../auth/actor";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import {
  isNamedVoucher,
  isPstMember,
  reviewContext,
  ZApplicationStatus,
  ZVouchDecision,
} from "./review-access";

export const ZListApplicationsInput = z
  .object({ status: ZApplicationStatus.optional() })
  .optional()
  .default({});
export type TListApplicationsInput = z.infer<typeof ZListApplicationsInput>;

export const ZApplicationSummary = z.object({
  id: z.string(),
  organizationName: z.string(),
  distribution: z.string(),
  applicantName: z.string(),
  status: ZApplicationStatus,
  createdAt: z.date(),
  /** The caller's own vouch, if they gave one. */
  myVouch: ZVouchDecision.nullable(),
  /** Confirmed vouches so far: for the PST only (a voucher decides on their own). */
  confirmedVouches: z.number().int().nullable(),
});
export const ZApplicationList = z.object({
  /** "pst": every application; "voucher": the requests naming the caller. */
  view: z.enum(["pst", "voucher"]),
  applications: z.array(ZApplicationSummary),
});
export type TApplicationList = z.infer<typeof ZApplicationList>;

// Bounded: the list is a work queue, not an archive.
const LIMIT = 500;

/**
 * The PST sees every application, newest first; a distributor member sees the requests that name them as
 * voucher, while they may vouch. Anyone else is refused.
 */
export async function listApplications({
  db,
  session,
  input,
}: {
  db: Db;
  session: SessionInfo;
  input: TListApplicationsInput;
}): Promise<TApplicationList> {
  const pst = isPstMember(session);
  if (!pst && actorOf(session).kind !== "distributor") {
    throw new AppError(
      AppErrorCode.FORBIDDEN,
      "Only PST members and distributor members see applications to the list.",
    );
  }
  return db.$transaction(async (tx) => {
    if (!pst && !isNamedVoucher(session, { voucherUserId: session.userId }, await reviewContext(tx))) {
      return { view: "voucher" as const, applications: [] };
    }
    const rows = await tx.distributorApplication.findMany({
      where: {
        ...(input.status ? { status: input.status } : {}),
        ...(pst ? {} : { voucherUserId: session.userId }),
      },
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      take: LIMIT,
      select: {
        id: true,
        organizationName: true,
        distribution: true,
        applicantName: true,
        status: true,
        createdAt: true,
        vouches: { select: { voucherId: true, decision: true } },
      },
    });
    return {
      view: pst ? ("pst" as const) : ("voucher" as const),
      applications: rows.map((row) => ({
        id: row.id,
        organizationName: row.organizationName,
        distribution: row.distribution,
        applicantName: row.applicantName,
        status: ZApplicationStatus.parse(row.status),
        createdAt: row.createdAt,
        myVouch: ZVouchDecision.nullable().parse(
          row.vouches.find((v) => v.voucherId === session.userId)?.decision ?? null,
        ),
        confirmedVouches: pst ? row.vouches.filter((v) => v.decision === "confirmed").length : null,
      })),
    };
  });
}
