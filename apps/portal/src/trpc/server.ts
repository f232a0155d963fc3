import "server-only";
import { serverCaller as apiServerCaller } from "@disclose/api";
import { headers } from "next/headers";

/** Calls portal procedures from server components, through the same ladder as HTTP requests. */
export async function serverCaller() {
  return apiServerCaller({ app: "portal", headers: await headers() });
}
