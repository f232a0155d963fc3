import type { Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { cancellerNames, RECOVERY_SELECT, recoveryView, ZRecovery } from "./recovery";

/** How many of the person's past requests the account page shows. */
const HISTORY = 20;

export const ZMyRecovery = z.object({
  /** The latest request, whatever its state (what the second-factor page follows). */
  latest: ZRecovery.nullable(),
  /** Every request, the latest first, with its approvals (the account page's history). */
  history: z.array(ZRecovery),
});
export type TMyRecovery = z.infer<typeof ZMyRecovery>;

/** The signed-in person's own recovery requests: never anyone else's (scoped by the session's user). */
export async function getMyRecovery({
  db,
  session,
  now,
}: {
  db: Db;
  session: SessionInfo;
  now: Date;
}): Promise<TMyRecovery> {
  return db.$transaction(async (tx) => {
    const rows = await tx.accountRecovery.findMany({
      where: { userId: session.userId },
      orderBy: [{ requestedAt: "desc" }, { id: "asc" }],
      take: HISTORY,
      select: RECOVERY_SELECT,
    });
    const names = await cancellerNames(tx, rows);
    const history = rows.map((row) => recoveryView(row, now, names));
    return { latest: history[0] ?? null, history };
  });
}
