import type { Db } from "@disclose/db";
import { PUBLIC_STATES } from "@disclose/domain";
import { z } from "zod";
import { CASE_CVES_SELECT, caseCveLine } from "../cases/case-cves";

export const ZAcknowledgment = z.object({
  name: z.string(),
  cveId: z.string().nullable(),
  receivedAt: z.date(),
});
export type TAcknowledgment = z.infer<typeof ZAcknowledgment>;

/**
 * The reporters we thank publicly: the credit the PST recorded, only for released cases (before release even
 * a name would hint at an embargoed issue), newest first.
 */
export async function listAcknowledgments({ db }: { db: Db }): Promise<TAcknowledgment[]> {
  const rows = await db.report.findMany({
    where: { state: { in: [...PUBLIC_STATES] }, creditName: { not: null } },
    select: { creditName: true, case: CASE_CVES_SELECT, receivedAt: true },
    orderBy: { receivedAt: "desc" },
    take: 500,
  });
  return rows.map((r) => ({ name: r.creditName!, cveId: caseCveLine(r.case), receivedAt: r.receivedAt }));
}
