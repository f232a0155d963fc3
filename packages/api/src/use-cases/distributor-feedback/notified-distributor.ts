import type { DbTx } from "@disclose/db";
import type { TCaseFacts } from "@disclose/domain";
import { actorOf } from "../../auth/actor";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { loadCaseFacts } from "../cases/case-access";

export interface TNotifiedDistributor {
  facts: TCaseFacts;
  organizationId: string;
  organizationName: string;
}

/**
 * The case if the caller speaks, now, for an organisation notified of it: a distributor account whose membership
 * and organisation are not removed (read afresh here, so a removal ends access on the very next request) and whose
 * organisation's notification for this case is sent (notifiedAt set). Read from distributor_notifications itself
 * rather than the case facts, whose distributorDisclosures the early disclosure fills in. Any other distributor
 * gets the same NOT_FOUND as for a missing case, so ids cannot be probed; staff are told it is for distributors.
 */
export async function authorizeNotifiedDistributor(
  tx: DbTx,
  session: SessionInfo,
  reportId: string,
): Promise<TNotifiedDistributor> {
  const actor = actorOf(session);
  if (actor.kind !== "distributor") {
    throw new AppError(
      AppErrorCode.FORBIDDEN,
      "Only a member of a distributor organisation notified of this case does this.",
    );
  }
  const notFound = new AppError(
    AppErrorCode.NOT_FOUND,
    "There is no such case, or it was not disclosed to your organisation.",
  );
  const membership = await tx.distributorMembership.findUnique({
    where: { userId: session.userId },
    select: { status: true, organizationId: true, organization: { select: { name: true, status: true } } },
  });
  if (
    !membership ||
    membership.status === "removed" ||
    membership.organization.status === "removed" ||
    membership.organizationId !== actor.organizationId
  ) {
    throw notFound;
  }
  const facts = await loadCaseFacts(tx, reportId);
  if (!facts) throw notFound;
  const notification = await tx.distributorNotification.findFirst({
    where: { caseId: facts.id, organizationId: membership.organizationId, notifiedAt: { not: null } },
    select: { id: true },
  });
  if (!notification) throw notFound;
  return { facts, organizationId: membership.organizationId, organizationName: membership.organization.name };
}
