export { type Context, createContext, SESSION_COOKIE_NAMES, type SessionInfo, type TApp } from "./context";
export { apiEnv } from "./env";
export { AppError, AppErrorCode, type TAppErrorCode } from "./errors";
export { createTrpcRouteHandler, TRPC_ENDPOINT } from "./http/trpc-route-handler";
export { isSameOrigin } from "./origin";
export {
  type AdminRouter,
  adminRouter,
  createAdminCaller,
  createPortalCaller,
  type PortalRouter,
  portalRouter,
} from "./root";
export type { THealth } from "./use-cases/system/check-health";
