import { appendAuditEvent, type Db } from "@disclose/db";
import { creditDecisionProblem, creditNameProblem } from "@disclose/domain";
import { z } from "zod";
import { AppError, AppErrorCode } from "../../errors";
import { findReportIdByToken } from "../reports/tracking-token";
import { loadCreditOffer, type TCreditOffer } from "./credit-view";

export const ZDecideCreditInput = z.object({
  decision: z.enum(["accept", "decline"], { message: "Accept or decline the credit." }),
  /** The name to publish when accepting; the offered one when left out or empty. Ignored when declining. */
  name: z.string().max(1000, "A name is at most 200 characters.").optional(),
});
export type TDecideCreditInput = z.output<typeof ZDecideCreditInput>;

/**
 * The reporter's answer to the credit offer, by the tracking link (its holder only): accept, with the offered name
 * or their own, or decline. Decided once. Audited (not the name).
 */
export async function decideCredit({
  db,
  now,
  token,
  input,
}: {
  db: Db;
  now: Date;
  token: string;
  input: TDecideCreditInput;
}): Promise<TCreditOffer> {
  const reportId = await findReportIdByToken({ db, token });
  let chosen: string | null = null;
  if (input.decision === "accept" && input.name !== undefined && input.name.trim() !== "") {
    const problem = creditNameProblem(input.name);
    if (problem) throw new AppError(AppErrorCode.BAD_INPUT, problem, { field: "name" });
    chosen = input.name.trim();
  }
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT 1 FROM "reports" WHERE "id" = ${reportId}::uuid FOR UPDATE`;
    const offer = await loadCreditOffer(tx, reportId);
    const problem = creditDecisionProblem(offer?.status ?? null);
    if (problem || !offer) throw new AppError(AppErrorCode.CONFLICT, problem ?? "No credit was offered.");
    const accepted = input.decision === "accept";
    await tx.reportCredit.update({
      where: { reportId },
      data: {
        status: accepted ? "accepted" : "declined",
        name: accepted ? (chosen ?? offer.offeredName) : null,
        decidedAt: now,
      },
    });
    await appendAuditEvent(tx, {
      actorKind: "reporter",
      action: accepted ? "report.credit_accepted" : "report.credit_declined",
      subjectType: "report",
      subjectId: reportId,
      data: accepted ? { ownName: chosen !== null && chosen !== offer.offeredName } : {},
      occurredAt: now,
    });
    return (await loadCreditOffer(tx, reportId)) as TCreditOffer;
  });
}
