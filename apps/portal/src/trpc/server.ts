import "server-only";
import { apiEnv, createContext, createPortalCaller } from "@disclose/api";
import { getDb } from "@disclose/db";
import { headers } from "next/headers";

/** Calls portal procedures from server components, through the same ladder as HTTP requests. */
export async function serverCaller() {
  return createPortalCaller(
    await createContext({
      app: "portal",
      appUrl: apiEnv().PORTAL_URL,
      db: getDb(),
      headers: await headers(),
    }),
  );
}
