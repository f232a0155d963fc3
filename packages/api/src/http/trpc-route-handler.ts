import type { Db } from "@disclose/db";
import type { AnyTRPCRouter } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createContext, type TApp } from "../context";
import { isSameOrigin, isStateChanging } from "../origin";

export const TRPC_ENDPOINT = "/api/trpc";

interface RouteHandlerOptions {
  app: TApp;
  appUrl: string;
  router: AnyTRPCRouter;
  db: () => Db;
}

/**
 * The Next.js route handler for `/api/trpc/*`. A state-changing request from another origin is refused with 403
 * before its body is read, whatever its content type (a cross-site form post is `multipart/form-data`).
 */
export function createTrpcRouteHandler(options: RouteHandlerOptions) {
  return async function handler(req: Request): Promise<Response> {
    if (isStateChanging(req.method) && !isSameOrigin(req.headers.get("origin"), options.appUrl)) {
      return Response.json(
        { error: { code: "CROSS_SITE_REQUEST", message: "This request did not come from this site." } },
        { status: 403 },
      );
    }
    return fetchRequestHandler({
      endpoint: TRPC_ENDPOINT,
      req,
      router: options.router,
      // resHeaders: what a procedure sets there (a new session cookie) goes out with the response.
      createContext: ({ resHeaders }) =>
        createContext({
          app: options.app,
          appUrl: options.appUrl,
          db: options.db(),
          headers: req.headers,
          responseHeaders: resHeaders,
        }),
      onError({ error, path }) {
        if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed`, error);
      },
    });
  };
}
