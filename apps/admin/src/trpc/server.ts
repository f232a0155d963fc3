import "server-only";
import { serverCaller as apiServerCaller } from "@disclose/api";
import { headers } from "next/headers";
import { cache } from "react";

/**
 * Calls admin procedures from server components, through the same ladder as HTTP requests. One caller (one
 * resolved session) per request, however many components ask.
 */
export const serverCaller = cache(async () => apiServerCaller({ app: "admin", headers: await headers() }));
