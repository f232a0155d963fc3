import { appendAuditEvent, type Db } from "@disclose/db";
import { can, ZRetentionDays } from "@disclose/domain";
import { actorOf } from "../../auth/actor";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { type TSettings, ZProjectName } from "./get-settings";

/** Whether this member may change the settings (the domain's "settings.manage"). */
export function mayChangeSettings(session: SessionInfo): boolean {
  return can(actorOf(session), "settings.manage", { kind: "system" });
}

/**
 * An admin changes how long the PST has to acknowledge a report (the inbox's clock), how long an unlocked key
 * stays unlocked in an idle tab, how long reporters' personal data is kept after their case closes, and the
 * project's name (empty clears it), and whether the portal shows the public record; a field left out keeps its value. Audited, with each changed value's before
 * and after.
 */
export async function updateSettings({
  db,
  session,
  ackDeadlineHours,
  unlockIdleMinutes,
  reporterDataRetentionDays,
  projectName: projectNameInput,
  publicMetrics,
  now,
}: {
  db: Db;
  session: SessionInfo;
  ackDeadlineHours?: number | undefined;
  unlockIdleMinutes?: number | undefined;
  reporterDataRetentionDays?: number | undefined;
  /** Trimmed here; an empty (or blank) name clears the setting. */
  projectName?: string | undefined;
  publicMetrics?: boolean | undefined;
  now: Date;
}): Promise<TSettings> {
  if (!mayChangeSettings(session)) {
    throw new AppError(AppErrorCode.FORBIDDEN, "Only an admin can change the settings.");
  }
  // The domain's bounds, also here: a shorter period erases data of cases closed long ago at the next run.
  if (reporterDataRetentionDays !== undefined) {
    const days = ZRetentionDays.safeParse(reporterDataRetentionDays);
    if (!days.success) {
      throw new AppError(AppErrorCode.BAD_INPUT, days.error.issues[0]?.message ?? "Invalid number of days.", {
        field: "reporterDataRetentionDays",
      });
    }
  }
  let projectName: string | undefined;
  if (projectNameInput !== undefined) {
    const name = ZProjectName.safeParse(projectNameInput);
    if (!name.success) {
      throw new AppError(AppErrorCode.BAD_INPUT, name.error.issues[0]?.message ?? "Invalid project name.", {
        field: "projectName",
      });
    }
    projectName = name.data;
  }
  const changes = {
    ...(ackDeadlineHours === undefined ? {} : { ackDeadlineHours }),
    ...(unlockIdleMinutes === undefined ? {} : { unlockIdleMinutes }),
    ...(reporterDataRetentionDays === undefined ? {} : { reporterDataRetentionDays }),
    ...(projectName === undefined ? {} : { projectName }),
    ...(publicMetrics === undefined ? {} : { publicMetrics }),
  };
  return db.$transaction(async (tx) => {
    const before = await tx.settings.findUnique({ where: { id: 1 } });
    const settings = await tx.settings.upsert({
      where: { id: 1 },
      create: { id: 1, ...changes },
      update: changes,
    });
    if (publicMetrics !== undefined && publicMetrics !== before?.publicMetrics) {
      // Switched on: the first portal request computes today's figures; switched off: nothing stays published.
      await tx.publicMetricsSnapshot.deleteMany({});
    }
    const data: Record<string, { from: number | string | boolean | null; to: number | string | boolean }> =
      {};
    for (const field of [
      "ackDeadlineHours",
      "unlockIdleMinutes",
      "reporterDataRetentionDays",
      "projectName",
      "publicMetrics",
    ] as const) {
      const to = changes[field];
      if (to !== undefined) data[field] = { from: before?.[field] ?? null, to };
    }
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "settings.updated",
      subjectType: "settings",
      data,
      occurredAt: now,
    });
    return {
      ackDeadlineHours: settings.ackDeadlineHours,
      unlockIdleMinutes: settings.unlockIdleMinutes,
      reporterDataRetentionDays: settings.reporterDataRetentionDays,
      projectName: settings.projectName,
      publicMetrics: settings.publicMetrics,
    };
  });
}
