import { appendAuditEvent, type Db } from "@disclose/db";
import { z } from "zod";
import { actorOf } from "../../auth/actor";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { plainText } from "./leak-records";

export const ZRemovePersonInput = z.object({
  userId: z.string().trim().min(1, "Choose a person.").max(64, "That is not a person's id."),
  reason: plainText(2000, "Give the reason for the removal.", "Give it in at most 2,000 characters."),
});

/** Only the PST handles leaks and their consequences. */
export function assertPst(session: SessionInfo): void {
  const actor = actorOf(session);
  if (actor.kind !== "staff" || !actor.roles.includes("pst")) {
    throw new AppError(AppErrorCode.FORBIDDEN, "Only the PST does this.");
  }
}

/**
 * The PST removes one person (who leaked) from their organisation on the list: their membership becomes
 * "removed", so their access ends on their next request (the session reads it each time); the organisation
 * stays. Audited with the reason.
 */
export async function removeDistributorPerson({
  db,
  session,
  input,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: z.output<typeof ZRemovePersonInput>;
  now: Date;
}): Promise<{ status: "removed" }> {
  assertPst(session);
  return db.$transaction(async (tx) => {
    const membership = await tx.distributorMembership.findUnique({
      where: { userId: input.userId },
      select: { status: true, organizationId: true },
    });
    if (!membership) {
      throw new AppError(
        AppErrorCode.NOT_FOUND,
        "This person is not a member of any organisation on the list.",
        {
          field: "userId",
        },
      );
    }
    const { count } = await tx.distributorMembership.updateMany({
      where: { userId: input.userId, status: { not: "removed" } },
      data: { status: "removed" },
    });
    if (count !== 1) {
      throw new AppError(AppErrorCode.CONFLICT, "This person was already removed.", { field: "userId" });
    }
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "distributor.member_removed",
      subjectType: "organization",
      subjectId: membership.organizationId,
      data: { userId: input.userId, previousStatus: membership.status, reason: input.reason },
      occurredAt: now,
    });
    return { status: "removed" };
  });
}
