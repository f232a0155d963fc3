import type { Db } from "@disclose/db";
import { createContext } from "../context";
import { PEER_HEADER } from "../http/peer";
import { createAdminCaller } from "../root";

export const TEST_ADMIN_URL = "http://localhost:3001";

/**
 * The admin router as a browser of the admin app calls it: the session's cookie (none when null) and the app's
 * Origin, at the wall clock `now` and the case clock `caseNow` (the wall clock unless given); optionally from a
 * browser (User-Agent) and client address, with a response whose cookies the test can read.
 */
export async function adminCallerAs(
  db: Db,
  session: { cookie: string } | null,
  options: {
    now: Date;
    caseNow?: Date;
    origin?: string;
    userAgent?: string;
    clientIp?: string;
    responseHeaders?: Headers;
  },
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
        ...(options.userAgent !== undefined ? { "user-agent": options.userAgent } : {}),
        ...(options.clientIp !== undefined ? { [PEER_HEADER]: options.clientIp } : {}),
      }),
      ...(options.responseHeaders ? { responseHeaders: options.responseHeaders } : {}),
    }),
  );
}

/** The session cookie a response set (the new token once the second factor passes), as a Cookie header. */
export function cookieSet(responseHeaders: Headers): string {
  const [set] = responseHeaders.getSetCookie();
  if (!set) throw new Error("no cookie was set");
  return set.split(";")[0] ?? "";
}
