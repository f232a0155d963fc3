import { type Db, getDb } from "@disclose/db";
import { knownAppError } from "../database-unavailable";
import { apiEnv } from "../env";
import { toErrorResponse } from "../errors";
import {
  advisoryDocumentFile,
  advisoryFeed,
  csafProviderFile,
  type TPublicFile,
} from "../use-cases/advisories/public-advisory-files";

/**
 * Route handlers for the portal's public advisory files: the feeds, each advisory's documents and the CSAF
 * provider layout. Public documents: cached briefly by browsers and proxies (a revision changes them in place),
 * never an error page of Next's own.
 */

const PUBLIC_CACHE = "public, max-age=300";
const DOWNLOAD_TYPES = new Set(["application/json", "application/pgp-signature", "application/pgp-keys"]);

function fileResponse(file: TPublicFile, fileName?: string): Response {
  const headers: Record<string, string> = {
    "content-type": file.contentType,
    "cache-control": PUBLIC_CACHE,
    "x-content-type-options": "nosniff",
    "access-control-allow-origin": "*",
  };
  // JSON and signatures are downloads; the name is made of an advisory id and safe characters only.
  if (fileName && DOWNLOAD_TYPES.has(file.contentType)) {
    headers["content-disposition"] = `inline; filename="${fileName.replace(/[^A-Za-z0-9._+-]/g, "_")}"`;
  }
  return new Response(file.body, { headers });
}

function notFound(): Response {
  return new Response("Not found.\n", {
    status: 404,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
  });
}

/** A database outage is a 503 that says to retry; anything else is the server's (logged by Next). */
async function guarded(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    const known = knownAppError(error);
    if (known) return toErrorResponse(known);
    throw error;
  }
}

function contactOf(portalUrl: string): string {
  return apiEnv().SECURITY_CONTACT ?? `${portalUrl.replace(/\/+$/, "")}/report`;
}

/** `GET /advisories/feed.atom` and `/advisories/feed.json`. */
export function createAdvisoryFeedHandler(options: {
  format: "atom" | "json";
  portalUrl?: string;
  db?: () => Db;
  now?: () => Date;
}) {
  return async function GET(): Promise<Response> {
    return guarded(async () => {
      const file = await advisoryFeed((options.db ?? getDb)(), {
        format: options.format,
        portalUrl: options.portalUrl ?? apiEnv().PORTAL_URL,
        now: options.now?.() ?? new Date(),
      });
      return fileResponse(file);
    });
  };
}

type TParams<T> = { params: Promise<T> };

/** A path segment as written, or null when it is not valid percent-encoding (answered like an unknown file). */
function decoded(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * `GET /advisories/<id>/csaf.json`, `/advisories/<id>/osv/<name>.json`, `/advisories/<id>/cve/<cve>.json`, and
 * each with `.asc`: the current revision's documents and signatures. Anything else: 404.
 */
export function createAdvisoryDocumentHandler(options: { db?: () => Db } = {}) {
  return async function GET(
    _request: Request,
    context: TParams<{ id: string; file: string[] }>,
  ): Promise<Response> {
    const { id, file } = await context.params;
    return guarded(async () => {
      const segments = file.map(decoded);
      const publicId = decoded(id);
      if (publicId === null || segments.some((s) => s === null)) return notFound();
      const names = segments as string[];
      const found = await advisoryDocumentFile((options.db ?? getDb)(), publicId, names);
      return found ? fileResponse(found, names.join("-")) : notFound();
    });
  };
}

/** `GET /.well-known/csaf/...`: the CSAF 2.0 trusted-provider layout, its folders listed (requirement 14). */
export function createCsafProviderHandler(
  options: { portalUrl?: string; contact?: string; db?: () => Db; now?: () => Date } = {},
) {
  return async function GET(_request: Request, context: TParams<{ path?: string[] }>): Promise<Response> {
    const { path } = await context.params;
    return guarded(async () => {
      const segments = (path ?? []).map(decoded);
      if (segments.some((s) => s === null || s === "" || s === "." || s === ".." || s.includes("/"))) {
        return notFound();
      }
      const portalUrl = options.portalUrl ?? apiEnv().PORTAL_URL;
      const wantsFolder = new URL(_request.url).pathname.endsWith("/");
      const found = await csafProviderFile((options.db ?? getDb)(), {
        portalUrl,
        contact: options.contact ?? contactOf(portalUrl),
        now: options.now?.() ?? new Date(),
        path: segments.join("/") + (wantsFolder && segments.length > 0 ? "/" : ""),
      });
      return found ? fileResponse(found, segments[segments.length - 1] ?? undefined) : notFound();
    });
  };
}
