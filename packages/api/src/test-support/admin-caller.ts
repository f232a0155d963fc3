import type { Db } from "@disclose/db";
import { createContext } from "../context";
import { createAdminCaller } from "../root";

export const TEST_ADMIN_URL = "http://localhost:3001";

/**
 * The admin router as a browser of the admin app calls it: the session's cookie (none when null) and the app's
 * Origin, at the wall clock `now` and the case clock `caseNow` (the wall clock unless given).
 */
export async function adminCallerAs(
  db: Db,
  session: { cookie: string } | null,
  options: { now: Date; caseNow?: Date; origin?: string },
) {
  return createAdminCaller(
    await createContext({
      app: "admin",
      appUrl: TEST_ADMIN_URL,
      db,
      now: options.now,
      ...(options.caseNow ? { caseNow: options.caseNow } : {}),
      headers: new Headers({
        origin: options.origin ?? TEST_ADMIN_URL,
        ...(session ? { cookie: session.cookie } : {}),
      }),
    }),
  );
}
