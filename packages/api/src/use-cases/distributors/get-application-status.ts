import type { Db } from "@disclose/db";
import { z } from "zod";
import { findApplicationIdByToken } from "./application-token";

/** What the applicant's tracking page shows: the state, its times, and the vouch — never who is on the list. */
export const ZApplicationStatus = z.object({
  organizationName: z.string(),
  status: z.enum(["submitted", "approved", "rejected"]),
  /** The PST's reason, when it gave one with its decision. */
  decisionReason: z.string().nullable(),
  submittedAt: z.date(),
  decidedAt: z.date().nullable(),
  /** "waiting": no one has vouched or declined yet (also when the address named is no one on the list). */
  vouch: z.enum(["waiting", "vouched", "declined"]),
});
export type TApplicationStatus = z.infer<typeof ZApplicationStatus>;

export async function getApplicationStatus({
  db,
  token,
}: {
  db: Db;
  token: string;
}): Promise<TApplicationStatus> {
  const id = await findApplicationIdByToken({ db, token });
  const row = await db.distributorApplication.findUniqueOrThrow({
    where: { id },
    select: {
      organizationName: true,
      status: true,
      decisionReason: true,
      createdAt: true,
      decidedAt: true,
      vouches: { select: { decision: true } },
    },
  });
  const decisions = row.vouches.map((v) => v.decision);
  return {
    organizationName: row.organizationName,
    status: ZApplicationStatus.shape.status.parse(row.status),
    decisionReason: row.decisionReason,
    submittedAt: row.createdAt,
    decidedAt: row.decidedAt,
    vouch: decisions.includes("confirmed")
      ? "vouched"
      : decisions.includes("declined")
        ? "declined"
        : "waiting",
  };
}
