import { createRequestContext, type SessionInfo } from "./context";
import { createAdminCaller, createPortalCaller } from "./root";

export type TAdminCaller = ReturnType<typeof createAdminCaller>;
export type TPortalCaller = ReturnType<typeof createPortalCaller>;

/**
 * Calls an app's procedures from its server components and actions, through the same ladder as HTTP requests.
 * Takes the request's headers (Next's `headers()`): the API builds the context itself. A page that already asked
 * `requestSessionOf` for these headers passes its answer, so one page resolves its session once.
 */
type TOptions = { headers: Headers; session?: SessionInfo | null };
export async function serverCaller(options: TOptions & { app: "admin" }): Promise<TAdminCaller>;
export async function serverCaller(options: TOptions & { app: "portal" }): Promise<TPortalCaller>;
export async function serverCaller({
  app,
  headers,
  session,
}: TOptions & { app: "admin" | "portal" }): Promise<TAdminCaller | TPortalCaller> {
  const ctx = await createRequestContext({ app, headers, session });
  return app === "admin" ? createAdminCaller(ctx) : createPortalCaller(ctx);
}
