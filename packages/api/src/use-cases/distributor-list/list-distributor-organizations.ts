import type { Db } from "@disclose/db";
import type { SessionInfo } from "../../context";
import {
  assertMayManageDistributorList,
  type TListedOrganization,
  ZListedOrganization,
} from "./distributor-list";

export const LISTED_ORGANIZATION_SELECT = {
  id: true,
  name: true,
  distribution: true,
  securityContact: true,
  emailDelivery: true,
  teamKeyFingerprint: true,
  status: true,
  joinedVia: true,
  createdAt: true,
  removedAt: true,
  removedReason: true,
  _count: { select: { members: { where: { status: { not: "removed" } } } } },
} as const;

/** A row as selected above, in the shape the procedures declare (status and joinedVia are checked by the database). */
export function listedOrganizationOf(row: {
  _count: { members: number };
  [key: string]: unknown;
}): TListedOrganization {
  const { _count, ...organization } = row;
  return ZListedOrganization.parse({ ...organization, memberCount: _count.members });
}

/** The organisations on the list for the PST and admins: those still on it by name, then the removed ones. */
export async function listDistributorOrganizations({
  db,
  session,
}: {
  db: Db;
  session: SessionInfo;
}): Promise<TListedOrganization[]> {
  assertMayManageDistributorList(session);
  const rows = await db.distributorOrganization.findMany({
    orderBy: [{ name: "asc" }],
    select: LISTED_ORGANIZATION_SELECT,
  });
  const organizations = rows.map(listedOrganizationOf);
  return [
    ...organizations.filter((o) => o.status !== "removed"),
    ...organizations.filter((o) => o.status === "removed"),
  ];
}
