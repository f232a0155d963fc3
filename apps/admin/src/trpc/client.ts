import type { AdminRouter } from "@disclose/api";
import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";

let client: ReturnType<typeof createTRPCClient<AdminRouter>> | undefined;

/** The browser's tRPC client: same-origin fetch, so the browser adds the Origin header mutations require. */
export function adminClient() {
  client ??= createTRPCClient<AdminRouter>({
    links: [httpLink({ url: "/api/trpc", transformer: superjson })],
  });
  return client;
}

/** The message of a failed call, in words a person understands. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong. Please try again.";
}
