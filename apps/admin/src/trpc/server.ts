import "server-only";
import { serverCaller as apiServerCaller } from "@disclose/api";
import { headers } from "next/headers";
import { cache } from "react";
import { currentSession } from "~/auth/session";

/**
 * Calls admin procedures from server components, through the same ladder as HTTP requests. One caller per
 * request, however many components ask, with the session the page already resolved.
 */
export const serverCaller = cache(async () =>
  apiServerCaller({ app: "admin", headers: await headers(), session: await currentSession() }),
);
