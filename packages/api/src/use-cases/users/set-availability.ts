import { appendAuditEvent, type Db, Role } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";

export const ZSetAvailabilityInput = z.object({
  /** Out of office until then; null: available again. */
  unavailableUntil: z.date({ error: "Enter a valid date." }).nullable(),
});
export type TSetAvailabilityInput = z.infer<typeof ZSetAvailabilityInput>;

export const ZAvailability = z.object({ unavailableUntil: z.date().nullable() });
export type TAvailability = z.infer<typeof ZAvailability>;

/**
 * Team members only. Fix Team members hold no deployment role (theirs is per case), so they count; an account
 * that is only a distributor member is not on the team.
 */
export function isTeamMember(session: SessionInfo): boolean {
  return !(session.roles.length > 0 && session.roles.every((role) => role === Role.DISTRIBUTOR_MEMBER));
}

/** The latest "until": a longer absence is a role change, not an out-of-office note. */
export function latestUnavailableUntil(now: Date): Date {
  const limit = new Date(now);
  limit.setUTCFullYear(limit.getUTCFullYear() + 1);
  return limit;
}

/**
 * The signed-in member marks themselves out of office (the Fix Lead rotation skips them until then) or back.
 * Only their own row: nobody sets someone else's availability.
 */
export async function setAvailability({
  db,
  session,
  unavailableUntil,
  now,
}: {
  db: Db;
  session: SessionInfo;
  unavailableUntil: Date | null;
  now: Date;
}): Promise<TAvailability> {
  if (!isTeamMember(session)) {
    throw new AppError(AppErrorCode.FORBIDDEN, "Out of office is for members of the security team.");
  }
  if (unavailableUntil) {
    if (unavailableUntil <= now) {
      throw new AppError(AppErrorCode.BAD_INPUT, "Choose a date in the future.", {
        field: "unavailableUntil",
      });
    }
    if (unavailableUntil > latestUnavailableUntil(now)) {
      throw new AppError(AppErrorCode.BAD_INPUT, "Choose a date at most one year from today.", {
        field: "unavailableUntil",
      });
    }
  }
  return db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: session.userId, active: true },
      data: { unavailableUntil },
    });
    if (count !== 1) throw new AppError(AppErrorCode.UNAUTHENTICATED, "Please sign in.");
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "user.availability_changed",
      subjectType: "user",
      subjectId: session.userId,
      data: { unavailableUntil: unavailableUntil?.toISOString() ?? null },
      occurredAt: now,
    });
    return { unavailableUntil };
  });
}
