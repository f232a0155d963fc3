import type { Db } from "@disclose/db";
import type { SessionInfo } from "../../context";
import type { TAvailability } from "./set-availability";

/** The caller's own out-of-office date; a date already past reads as available. */
export async function getAvailability({
  db,
  session,
  now,
}: {
  db: Db;
  session: SessionInfo;
  now: Date;
}): Promise<TAvailability> {
  const user = await db.user.findUnique({
    where: { id: session.userId },
    select: { unavailableUntil: true },
  });
  const until = user?.unavailableUntil ?? null;
  return { unavailableUntil: until && until > now ? until : null };
}
