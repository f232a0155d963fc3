import { createRequestContext } from "./context";
import { createAdminCaller, createPortalCaller } from "./root";

export type TAdminCaller = ReturnType<typeof createAdminCaller>;
export type TPortalCaller = ReturnType<typeof createPortalCaller>;

/**
 * Calls an app's procedures from its server components and actions, through the same ladder as HTTP requests.
 * Takes only the request's headers (Next's `headers()`): the API builds the context itself.
 */
export async function serverCaller(options: { app: "admin"; headers: Headers }): Promise<TAdminCaller>;
export async function serverCaller(options: { app: "portal"; headers: Headers }): Promise<TPortalCaller>;
export async function serverCaller({
  app,
  headers,
}: {
  app: "admin" | "portal";
  headers: Headers;
}): Promise<TAdminCaller | TPortalCaller> {
  const ctx = await createRequestContext({ app, headers });
  return app === "admin" ? createAdminCaller(ctx) : createPortalCaller(ctx);
}
