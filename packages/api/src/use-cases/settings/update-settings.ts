import { appendAuditEvent, type Db } from "@disclose/db";
import { can } from "@disclose/domain";
import { actorOf } from "../../auth/actor";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";

/** Whether this member may change the settings (the domain's "settings.manage"). */
export function mayChangeSettings(session: SessionInfo): boolean {
  return can(actorOf(session), "settings.manage", { kind: "system" });
}

/** An admin changes how long the PST has to acknowledge a report (the inbox's clock); audited. */
export async function updateSettings({
  db,
  session,
  ackDeadlineHours,
  now,
}: {
  db: Db;
  session: SessionInfo;
  ackDeadlineHours: number;
  now: Date;
}): Promise<{ ackDeadlineHours: number }> {
  if (!mayChangeSettings(session)) {
    throw new AppError(AppErrorCode.FORBIDDEN, "Only an admin can change the settings.");
  }
  return db.$transaction(async (tx) => {
    const before = await tx.settings.findUnique({ where: { id: 1 } });
    const settings = await tx.settings.upsert({
      where: { id: 1 },
      create: { id: 1, ackDeadlineHours },
      update: { ackDeadlineHours },
    });
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "settings.updated",
      subjectType: "settings",
      data: { ackDeadlineHours: { from: before?.ackDeadlineHours ?? null, to: ackDeadlineHours } },
      occurredAt: now,
    });
    return { ackDeadlineHours: settings.ackDeadlineHours };
  });
}
