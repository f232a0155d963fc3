import type { Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { assertMayViewPeople } from "./people";

export const ZOrganization = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.date(),
  memberCount: z.number().int(),
});
export type TOrganization = z.infer<typeof ZOrganization>;

/**
 * Distributor organisations on the list by name, for admins (who invite their members) and the PST (read-only).
 * Removed ones are left out: nobody can join them (distributorList.list shows them with their reason).
 */
export async function listOrganizations({
  db,
  session,
}: {
  db: Db;
  session: SessionInfo;
}): Promise<TOrganization[]> {
  assertMayViewPeople(session);
  const organizations = await db.distributorOrganization.findMany({
    where: { status: { not: "removed" } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, createdAt: true, _count: { select: { members: true } } },
  });
  return organizations.map(({ _count, ...organization }) => ({
    ...organization,
    memberCount: _count.members,
  }));
}
