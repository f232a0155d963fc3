import type { Db } from "@disclose/db";
import { z } from "zod";
import { actorOf } from "../../auth/actor";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { loadRotationMembers } from "./fix-lead-rotation";
import { FIX_TEAM_ELIGIBLE } from "./manage-fix-team";

export const ZTriageContext = z.object({
  pstMembers: z.array(z.object({ id: z.string(), name: z.string(), available: z.boolean() })),
  /** Accounts that may join a Fix Team. */
  staff: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type TTriageContext = z.infer<typeof ZTriageContext>;

/** Who may lead or join a case: for the security team only, never a distributor. */
export async function getTriageContext({
  db,
  session,
  now,
}: {
  db: Db;
  session: SessionInfo;
  now: Date;
}): Promise<TTriageContext> {
  if (actorOf(session).kind !== "staff") {
    throw new AppError(AppErrorCode.FORBIDDEN, "Only the security team sees this.");
  }
  const [members, staff] = await Promise.all([
    loadRotationMembers(db, now),
    db.user.findMany({
      where: FIX_TEAM_ELIGIBLE,
      orderBy: [{ name: "asc" }, { email: "asc" }],
      select: { id: true, name: true, email: true },
    }),
  ]);
  return {
    pstMembers: members,
    staff: staff.map((u) => ({ id: u.id, name: u.name ?? u.email })),
  };
}
