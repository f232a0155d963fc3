"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { TRPCClient } from "@trpc/client";
import type { AnyTRPCRouter } from "@trpc/server";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { type ReactNode, useState } from "react";

/**
 * One tRPC + React Query setup for both apps. Each app passes a client built for its own router (its links
 * must use superjson, as the server does).
 */
export function createTrpcReact<TRouter extends AnyTRPCRouter>(createClient: () => TRPCClient<TRouter>) {
  const { TRPCProvider, useTRPC } = createTRPCContext<TRouter>();

  function TrpcProvider({ children }: { children: ReactNode }) {
    const [queryClient] = useState(
      () => new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: 1 } } }),
    );
    const [trpcClient] = useState(createClient);
    return (
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          {children}
        </TRPCProvider>
      </QueryClientProvider>
    );
  }

  return { TrpcProvider, useTRPC };
}
