import { type Db, getDb } from "@disclose/db";
import type { AnyTRPCProcedure, AnyTRPCRouter } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
// What tRPC's own adapters use to shape an error response.
import {
  getErrorShape,
  getHTTPStatusCodeFromError,
  transformTRPCResponse,
} from "@trpc/server/unstable-core-do-not-import";
import { appUrlOf, createContext, type TApp } from "../context";
import { knownAppError } from "../database-unavailable";
import { AppError, AppErrorCode, toTRPCError } from "../errors";
import { isSameOrigin, isStateChanging } from "../origin";
import { adminRouter, portalRouter } from "../root";
import { DEFAULT_MAX_BODY_BYTES, type TProcedureMeta } from "../trpc";
import { readLimitedBody } from "./read-limited-body";

export const TRPC_ENDPOINT = "/api/trpc";

interface RouteHandlerOptions {
  app: TApp;
  /** Tests only; by default the app's own (PORTAL_URL, ADMIN_URL), its router and the process's database. */
  appUrl?: string;
  router?: AnyTRPCRouter;
  db?: () => Db;
}

/** The largest request body `path`'s procedure accepts (its `meta.maxBodyBytes`, else the default). */
export function maxBodyBytesOf(router: AnyTRPCRouter, path: string): number {
  const procedure = (router._def.procedures as Record<string, AnyTRPCProcedure | undefined>)[path];
  const meta = procedure?._def.meta as TProcedureMeta | undefined;
  return meta?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
}

function tooLarge(maxBytes: number): AppError {
  const size =
    maxBytes >= 1024 * 1024 ? `${(maxBytes / 1024 / 1024).toFixed(1)} MB` : `${maxBytes / 1024} kB`;
  return new AppError(
    AppErrorCode.PAYLOAD_TOO_LARGE,
    `This request is larger than the ${size} this action accepts. Send less at a time.`,
  );
}

/**
 * The Next.js route handler for `/api/trpc/*`. Before anything is read:
 * - a state-changing request from another origin is refused with 403, whatever its content type (a cross-site
 *   form post is `multipart/form-data`);
 * - a body larger than its procedure's limit is refused with 413: by its Content-Length at once, and while it
 *   streams when it has none or lies about it (so no body is ever buffered past the limit).
 * Batching is off (the apps' clients send one call per request), so one limit applies per request. Nothing
 * a tRPC response carries may be stored by a browser or a cache.
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
        { status: 403, headers: { "Cache-Control": "no-store" } },
      );
    }
    const path = new URL(req.url).pathname.slice(TRPC_ENDPOINT.length + 1);
    let request = req;
    if (req.body) {
      const maxBytes = maxBodyBytesOf(router, path);
      try {
        const body = await readLimitedBody(req, maxBytes, () => tooLarge(maxBytes));
        request = new Request(req.url, {
          method: req.method,
          headers: req.headers,
          body: body as Uint8Array<ArrayBuffer>,
          signal: req.signal,
        });
      } catch (error) {
        if (error instanceof AppError) return errorResponse(router, path, error);
        throw error;
      }
    }
    const response = await fetchRequestHandler({
      endpoint: TRPC_ENDPOINT,
      req: request,
      router,
      allowBatching: false,
      // resHeaders: what a procedure sets there (a new session cookie) goes out with the response.
      createContext: ({ resHeaders }) =>
        createContext({
          app: options.app,
          appUrl,
          db: db(),
          headers: req.headers,
          responseHeaders: resHeaders,
        }).catch((error: unknown) => {
          // The session lookup hit a database outage: a 503 like any procedure's, not a 500.
          const known = knownAppError(error);
          throw known ? toTRPCError(known) : error;
        }),
      // A refusal that says how long to wait (rate limit, database outage) says it in Retry-After too.
      responseMeta({ errors }) {
        const waits = errors.flatMap((error) =>
          error.cause instanceof AppError && error.cause.details.retryAfterSeconds !== undefined
            ? [error.cause.details.retryAfterSeconds]
            : [],
        );
        return waits.length > 0 ? { headers: { "Retry-After": String(Math.max(...waits)) } } : {};
      },
      onError({ error, path }) {
        if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed`, error);
      },
    });
    response.headers.set("Cache-Control", "no-store");
    return response;
  };
}

/** An error in tRPC's own shape (what the apps' clients read), for a request refused before tRPC saw it. */
function errorResponse(router: AnyTRPCRouter, path: string, error: AppError): Response {
  const trpcError = toTRPCError(error);
  const procedure = (router._def.procedures as Record<string, AnyTRPCProcedure | undefined>)[path];
  const shape = getErrorShape({
    config: router._def._config,
    error: trpcError,
    type: procedure?._def.type ?? "unknown",
    path,
    input: undefined,
    ctx: undefined,
  });
  return Response.json(transformTRPCResponse(router._def._config, { error: shape }), {
    status: getHTTPStatusCodeFromError(trpcError),
    headers: { "Cache-Control": "no-store" },
  });
}
