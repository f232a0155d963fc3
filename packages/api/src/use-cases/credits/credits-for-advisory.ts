import type { Db, DbTx } from "@disclose/db";
import { REPORT_CREDIT_TYPES, type TReportCreditType } from "@disclose/domain";

/**
 * The reporter's credit the advisory editor prefills: accepted credits only (an offer not yet answered, or declined,
 * is never published), as CVE JSON 5 credits ({ name, type }). The caller has authorized the case.
 */
export async function creditsForAdvisory(
  db: Db | DbTx,
  caseId: string,
): Promise<{ name: string; type: TReportCreditType }[]> {
  const rows = await db.reportCredit.findMany({
    where: { reportId: caseId, status: "accepted", name: { not: null } },
    select: { name: true, creditType: true },
  });
  return rows.flatMap((r) =>
    r.name && (REPORT_CREDIT_TYPES as readonly string[]).includes(r.creditType)
      ? [{ name: r.name, type: r.creditType as TReportCreditType }]
      : [],
  );
}
