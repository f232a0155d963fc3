import "server-only";
import { serverCaller as apiServerCaller } from "@disclose/api";
import { headers } from "next/headers";

/** Calls admin procedures from server components, through the same ladder as HTTP requests. */
export async function serverCaller() {
  return apiServerCaller({ app: "admin", headers: await headers() });
}
