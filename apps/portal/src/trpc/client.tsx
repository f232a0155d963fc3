"use client";

import type { PortalRouter } from "@disclose/api";
import { createTrpcReact } from "@disclose/ui/trpc-provider";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import superjson from "superjson";

export const { TrpcProvider, useTRPC } = createTrpcReact<PortalRouter>(() =>
  createTRPCClient<PortalRouter>({ links: [httpBatchLink({ url: "/api/trpc", transformer: superjson })] }),
);
