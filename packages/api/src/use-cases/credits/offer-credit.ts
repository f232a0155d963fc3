import { appendAuditEvent, type Db } from "@disclose/db";
import { creditNameProblem, mayOfferCredit, REPORT_CREDIT_TYPES } from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { authorizeCase } from "../cases/case-access";
import { ZReportId } from "../vulnerabilities/vulnerability-case";
import { loadCreditOffer, type TCreditOffer, ZCreditOffer } from "./credit-view";

export const ZOfferCreditInput = z.object({
  reportId: ZReportId,
  name: z.string().max(1000, "A name is at most 200 characters."),
  creditType: z.enum(REPORT_CREDIT_TYPES, { message: "Choose a credit type." }).default("finder"),
});
export type TOfferCreditInput = z.output<typeof ZOfferCreditInput>;

export const ZCreditAdminView = z.object({
  reportId: z.string(),
  offer: ZCreditOffer.nullable(),
  /** The name the reporter gave with the report (a starting point for the offer); null if anonymous. */
  reporterSuggestedName: z.string().nullable(),
  /** The caller (Fix Lead or PST) may offer or change the offer while the reporter has not decided. */
  mayOffer: z.boolean(),
});
export type TCreditAdminView = z.infer<typeof ZCreditAdminView>;

/** The reporter's credit as the team sees it (the staff on the case). */
export async function getCredit({
  db,
  session,
  reportId,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
}): Promise<TCreditAdminView> {
  return db.$transaction(async (tx) => {
    const { facts, actor } = await authorizeCase(tx, session, reportId, "case.view-summary");
    const report = await tx.report.findUniqueOrThrow({
      where: { id: facts.id },
      select: { creditName: true },
    });
    const offer = await loadCreditOffer(tx, facts.id);
    return {
      reportId: facts.id,
      offer,
      reporterSuggestedName: report.creditName,
      mayOffer: mayOfferCredit(actor, facts) && (offer === null || offer.status === "offered"),
    };
  });
}

/**
 * Offers the report's reporter a credit in the advisory: the name as the team would write it and the CVE credit
 * type (finder unless chosen). The reporter accepts (maybe with another name) or declines on the tracking page; the
 * offer may be changed until they do. The Fix Lead's or the PST's; audited (not the name).
 */
export async function offerCredit({
  db,
  session,
  input,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: TOfferCreditInput;
  now: Date;
}): Promise<TCreditOffer> {
  const name = input.name.trim();
  const problem = creditNameProblem(name);
  if (problem) throw new AppError(AppErrorCode.BAD_INPUT, problem, { field: "name" });
  return db.$transaction(async (tx) => {
    const { facts, actor } = await authorizeCase(tx, session, input.reportId, "case.view-summary");
    if (!mayOfferCredit(actor, facts)) {
      throw new AppError(
        AppErrorCode.FORBIDDEN,
        "Only the case's Fix Lead or the PST offers the reporter's credit.",
      );
    }
    await tx.$executeRaw`SELECT 1 FROM "reports" WHERE "id" = ${facts.id}::uuid FOR UPDATE`;
    const existing = await loadCreditOffer(tx, facts.id);
    if (existing && existing.status !== "offered") {
      throw new AppError(
        AppErrorCode.CONFLICT,
        `The reporter already ${existing.status} the credit; it no longer changes here.`,
      );
    }
    const data = {
      offeredName: name,
      creditType: input.creditType,
      status: "offered",
      name: null,
      offeredById: session.userId,
      offeredAt: now,
      decidedAt: null,
    };
    await tx.reportCredit.upsert({
      where: { reportId: facts.id },
      create: { reportId: facts.id, ...data },
      update: data,
    });
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "case.credit_offered",
      subjectType: "report",
      subjectId: facts.id,
      data: { creditType: input.creditType, changed: existing !== null },
      occurredAt: now,
    });
    return (await loadCreditOffer(tx, facts.id)) as TCreditOffer;
  });
}
