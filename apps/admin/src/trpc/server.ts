import "server-only";
import { apiEnv, createAdminCaller, createContext } from "@disclose/api";
import { getDb } from "@disclose/db";
import { headers } from "next/headers";

/** Calls admin procedures from server components, through the same ladder as HTTP requests. */
export async function serverCaller() {
  const requestHeaders = await headers();
  return createAdminCaller(
    await createContext({ app: "admin", appUrl: apiEnv().ADMIN_URL, db: getDb(), headers: requestHeaders }),
  );
}
