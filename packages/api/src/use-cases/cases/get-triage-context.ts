import type { Db } from "@disclose/db";
import { can } from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { authorizeCase } from "./case-access";
import { loadRotationMembers } from "./fix-lead-rotation";
import { FIX_TEAM_ELIGIBLE } from "./manage-fix-team";

export const ZTriageContext = z.object({
  /** The Fix Lead rotation: only for those who may (re)assign the case's Fix Lead (the PST); else empty. */
  pstMembers: z.array(z.object({ id: z.string(), name: z.string(), available: z.boolean() })),
  /** Accounts that may join a Fix Team: only for the case's Fix Lead, who picks it; else empty. */
  staff: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type TTriageContext = z.infer<typeof ZTriageContext>;

/**
 * Who may lead or join one case, for the people who decide that: the rotation for those who may assign the
 * Fix Lead, the candidates for the Fix Lead who picks the team. Anyone else who sees the case gets empty lists
 * (a Fix Team member has no use for the staff roster); a case the caller may not see is NOT_FOUND.
 */
export async function getTriageContext({
  db,
  session,
  reportId,
  now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  now: Date;
}): Promise<TTriageContext> {
  const { facts, actor } = await authorizeCase(db, session, reportId, "case.view-summary");
  const resource = { kind: "case", case: facts } as const;
  const [pstMembers, staff] = await Promise.all([
    can(actor, "case.assign-fix-lead", resource) ? loadRotationMembers(db, now) : [],
    can(actor, "case.manage-fix-team", resource)
      ? db.user.findMany({
          where: FIX_TEAM_ELIGIBLE,
          orderBy: [{ name: "asc" }, { email: "asc" }],
          select: { id: true, name: true, email: true },
        })
      : [],
  ]);
  return { pstMembers, staff: staff.map((u) => ({ id: u.id, name: u.name ?? u.email })) };
}
