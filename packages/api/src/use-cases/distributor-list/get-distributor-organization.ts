import type { Db } from "@disclose/db";
import { can } from "@disclose/domain";
import { z } from "zod";
import { actorOf } from "../../auth/actor";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { mayManageDistributorList, ZListedOrganization, ZOrganizationStatus } from "./distributor-list";
import { LISTED_ORGANIZATION_SELECT, listedOrganizationOf } from "./list-distributor-organizations";

export const ZGetDistributorOrganizationInput = z.object({
  organizationId: z.uuid({ error: "Choose an organisation from the list." }),
});

export const ZDistributorOrganizationDetail = ZListedOrganization.extend({
  members: z.array(
    z.object({
      userId: z.string(),
      name: z.string().nullable(),
      email: z.string(),
      status: ZOrganizationStatus,
    }),
  ),
});
export type TDistributorOrganizationDetail = z.infer<typeof ZDistributorOrganizationDetail>;

/**
 * One organisation with its members: for the PST and admins, and for the organisation's own members while their
 * membership is not removed (the domain's "organization.view"). Anyone else gets NOT_FOUND, as for a missing one.
 */
export async function getDistributorOrganization({
  db,
  session,
  organizationId,
}: {
  db: Db;
  session: SessionInfo;
  organizationId: string;
}): Promise<TDistributorOrganizationDetail> {
  const allowed =
    mayManageDistributorList(session) ||
    can(actorOf(session), "organization.view", { kind: "organization", organizationId });
  const notFound = new AppError(AppErrorCode.NOT_FOUND, "There is no such organisation.", {
    field: "organizationId",
  });
  if (!allowed) throw notFound;
  const row = await db.distributorOrganization.findUnique({
    where: { id: organizationId },
    select: {
      ...LISTED_ORGANIZATION_SELECT,
      members: {
        orderBy: { createdAt: "asc" },
        select: { userId: true, status: true, user: { select: { name: true, email: true } } },
      },
    },
  });
  if (!row) throw notFound;
  const { members, ...organization } = row;
  return {
    ...listedOrganizationOf(organization),
    members: members.map((m) => ({
      userId: m.userId,
      name: m.user.name,
      email: m.user.email,
      status: ZOrganizationStatus.parse(m.status),
    })),
  };
}
