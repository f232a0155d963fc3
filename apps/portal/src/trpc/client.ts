import type { PortalRouter } from "@disclose/api";
import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";

let client: ReturnType<typeof createTRPCClient<PortalRouter>> | undefined;

/**
 * A plain tRPC client for the browser (no query cache: the portal makes a handful of calls per page).
 * Same-origin fetch, so the browser adds the Origin header that mutations require.
 */
export function portalClient() {
  client ??= createTRPCClient<PortalRouter>({
    links: [httpLink({ url: "/api/trpc", transformer: superjson })],
  });
  return client;
}
