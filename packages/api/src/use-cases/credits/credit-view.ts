import type { DbTx } from "@disclose/db";
import {
  REPORT_CREDIT_STATUSES,
  REPORT_CREDIT_TYPES,
  type TReportCreditStatus,
  type TReportCreditType,
} from "@disclose/domain";
import { z } from "zod";

export const ZCreditOffer = z.object({
  status: z.enum(REPORT_CREDIT_STATUSES),
  /** The name as the team would write it. */
  offeredName: z.string(),
  creditType: z.enum(REPORT_CREDIT_TYPES),
  /** The name the reporter accepted (theirs or the offered one); null until they accept. */
  name: z.string().nullable(),
  offeredAt: z.date(),
  decidedAt: z.date().nullable(),
});
export type TCreditOffer = z.infer<typeof ZCreditOffer>;

export async function loadCreditOffer(tx: DbTx, reportId: string): Promise<TCreditOffer | null> {
  const row = await tx.reportCredit.findUnique({ where: { reportId } });
  if (!row) return null;
  return {
    status: (REPORT_CREDIT_STATUSES as readonly string[]).includes(row.status)
      ? (row.status as TReportCreditStatus)
      : "declined",
    offeredName: row.offeredName,
    creditType: (REPORT_CREDIT_TYPES as readonly string[]).includes(row.creditType)
      ? (row.creditType as TReportCreditType)
      : "other",
    name: row.name,
    offeredAt: row.offeredAt,
    decidedAt: row.decidedAt,
  };
}
