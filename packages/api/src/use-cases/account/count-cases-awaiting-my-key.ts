import type { Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { listPendingGrants } from "../access/grants";

export const ZCasesAwaitingMyKey = z.object({
  /** Open cases the caller may read whose items are not yet wrapped to their current key. */
  cases: z.number().int(),
});
export type TCasesAwaitingMyKey = z.infer<typeof ZCasesAwaitingMyKey>;

/**
 * How many of the caller's open cases still wait for a reader's browser to grant them to the caller's current key
 * (after a new key, e.g. a forgotten passphrase). The server cannot do it: it only counts, from the same list the
 * access page works from. Without a current key nothing can be granted yet, so nothing is counted.
 */
export async function countCasesAwaitingMyKey({
  db,
  session,
  now,
}: {
  db: Db;
  session: SessionInfo;
  now: Date;
}): Promise<TCasesAwaitingMyKey> {
  const { pending } = await listPendingGrants({ db, session, now });
  const cases = new Set(
    pending
      .filter((p) => p.userId === session.userId && p.status === "waiting-for-grant")
      .map((p) => p.reportId),
  );
  return { cases: cases.size };
}
