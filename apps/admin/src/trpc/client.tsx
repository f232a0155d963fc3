"use client";

import type { AdminRouter } from "@disclose/api";
import { createTrpcReact } from "@disclose/ui/trpc-provider";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import superjson from "superjson";

export const { TrpcProvider, useTRPC } = createTrpcReact<AdminRouter>(() =>
  createTRPCClient<AdminRouter>({ links: [httpBatchLink({ url: "/api/trpc", transformer: superjson })] }),
);
