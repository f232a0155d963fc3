import { type Db, getDb } from "@disclose/db";
import type { AnyTRPCRouter } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appUrlOf, createContext, type TApp } from "../context";
import { isSameOrigin, isStateChanging } from "../origin";
import { adminRouter, portalRouter } from "../root";

export const TRPC_ENDPOINT = "/api/trpc";

interface RouteHandlerOptions {
  app: TApp;
  /** Tests only; by default the app's own (PORTAL_URL, ADMIN_URL), its router and the process's database. */
  appUrl?: string;
  router?: AnyTRPCRouter;
  db?: () => Db;
}

/**
 * The Next.js route handler for `/api/trpc/*`. A state-changing request from another origin is refused with 403
 * before its body is read, whatever its content type (a cross-site form post is `multipart/form-data`).
 */
export function createTrpcRouteHandler(options: RouteHandlerOptions) {
  const router = options.router ?? (options.app === "admin" ? adminRouter : portalRouter);
  const db = options.db ?? getDb;
  return async function handler(req: Request): Promise<Response> {
    // Read per request: `next build` loads this module, and the URLs belong to the running server.
    const appUrl = options.appUrl ?? appUrlOf(options.app);
    if (isStateChanging(req.method) && !isSameOrigin(req.headers.get("origin"), appUrl)) {
      return Response.json(
        { error: { code: "CROSS_SITE_REQUEST", message: "This request did not come from this site." } },
        { status: 403 },
      );
    }
    return fetchRequestHandler({
      endpoint: TRPC_ENDPOINT,
      req,
      router,
      // resHeaders: what a procedure sets there (a new session cookie) goes out with the response.
      createContext: ({ resHeaders }) =>
        createContext({
          app: options.app,
          appUrl,
          db: db(),
          headers: req.headers,
          responseHeaders: resHeaders,
        }),
      onError({ error, path }) {
        if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed`, error);
      },
    });
  };
}
