import { type Db, getDb } from "@disclose/db";
import { appUrlOf, type Context, createContext, type SessionInfo } from "../context";
import { AppError, AppErrorCode, toErrorResponse } from "../errors";
import { isSameOrigin } from "../origin";

export interface TStaffDownloadOptions {
  appUrl?: string;
  db?: () => Db;
  /** Tests on a fixed clock: the wall clock otherwise. */
  now?: () => Date;
}

/**
 * The context of a file download from the admin app (a GET a link starts, outside tRPC), or the response that
 * refuses it: a request another site started (a link or form elsewhere) is refused, so no other site can make a
 * signed-in browser download (and have reads recorded); then a staff session past the second factor is needed.
 */
export async function staffDownloadContext(
  req: Request,
  options: TStaffDownloadOptions,
): Promise<(Context & { session: SessionInfo }) | Response> {
  const appUrl = options.appUrl ?? appUrlOf("admin");
  const site = req.headers.get("sec-fetch-site");
  const origin = req.headers.get("origin");
  if (
    (site !== null && site !== "same-origin" && site !== "none") ||
    (origin !== null && !isSameOrigin(origin, appUrl))
  ) {
    return toErrorResponse(
      new AppError(AppErrorCode.CROSS_SITE_REQUEST, "This request did not come from this site."),
    );
  }
  const ctx = await createContext({
    app: "admin",
    appUrl,
    db: (options.db ?? getDb)(),
    headers: req.headers,
    ...(options.now ? { now: options.now() } : {}),
  });
  const session = ctx.session;
  if (!session?.secondFactorPassed) {
    return toErrorResponse(new AppError(AppErrorCode.UNAUTHENTICATED, "Please sign in."));
  }
  return { ...ctx, session };
}
