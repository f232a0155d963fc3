export { accountRolesOfSession } from "./auth/actor";
export { createAuthAdapter, createAuthOptions, SIGN_IN_LINK_MINUTES } from "./auth/next-auth";
export {
  appUrlOf,
  type Context,
  createContext,
  createRequestContext,
  requestSessionOf,
  SESSION_COOKIE_NAMES,
  type SessionInfo,
  type TApp,
} from "./context";
export { apiEnv } from "./env";
export { AppError, AppErrorCode, type TAppErrorCode, toErrorResponse } from "./errors";
export {
  createAdvisoryDocumentHandler,
  createAdvisoryFeedHandler,
  createCsafProviderHandler,
} from "./http/advisory-files";
export { getAttachmentResponse } from "./http/attachment-route";
export { AUTH_MAX_BODY_BYTES, checkAuthRequestBody } from "./http/auth-request";
export { clientIpOf } from "./http/client-ip";
export { isLocalDemoRequest, mayServeDevMailbox } from "./http/dev-mailbox-access";
export { getMetricsExportResponse } from "./http/metrics-export-route";
export { getPatchDownloadResponse } from "./http/patch-download-route";
export { FORWARDED_HEADER, PEER_HEADER } from "./http/peer";
export { submitReportForm, type TReportFormResult } from "./http/report-form-action";
export { createReportSubmissionHandler } from "./http/report-submission-handler";
export { buildSecurityTxt, createPgpKeysHandler, createSecurityTxtHandler } from "./http/security-files";
export { testClockResponse } from "./http/test-clock-route";
export { createTrpcRouteHandler, maxBodyBytesOf, TRPC_ENDPOINT } from "./http/trpc-route-handler";
export { createOneClickUnsubscribeHandler } from "./http/unsubscribe-route";
export { hasNul, NUL_MESSAGE } from "./nul";
export { isSameOrigin } from "./origin";
export {
  type AdminRouter,
  adminRouter,
  createAdminCaller,
  createPortalCaller,
  type PortalRouter,
  portalRouter,
} from "./root";
export { serverCaller, type TAdminCaller, type TPortalCaller } from "./server-caller";
export { DEFAULT_MAX_BODY_BYTES } from "./trpc";
export type { TPublicAdvisory } from "./use-cases/advisories/public-get-advisory";
export {
  ADVISORY_SEVERITIES,
  PUBLIC_ADVISORY_PAGE_SIZE,
  type TPublicAdvisoryList,
  type TPublicAdvisorySummary,
} from "./use-cases/advisories/public-list-advisories";
export type { TAuditStatus } from "./use-cases/audit/get-audit-status";
export {
  AUDIT_PAGE_SIZE,
  type TAuditEvents,
  type TAuditEventsQuery,
} from "./use-cases/audit/list-audit-events";
export type { TCaseEvents } from "./use-cases/case-events/list-case-events";
export type { TCaseWorkflow } from "./use-cases/case-workflow/get-case-workflow";
export { getAttachment, type TReportForStaff } from "./use-cases/cases/get-report";
export { type THistoryFilter, ZHistoryFilter } from "./use-cases/cases/list-case-history";
export { INBOX_PAGE_SIZE, type TInbox, type TInboxFilter, ZInboxFilter } from "./use-cases/cases/list-inbox";
export {
  APPLICATION_LIMITS,
  checkApplication,
  type TApplyRequest,
} from "./use-cases/distributors/application-input";
export { listPstKeys, type TPstKey, ZPstKey } from "./use-cases/keys/list-pst-keys";
export {
  METRICS_CASES_PAGE_SIZE,
  type TMetricsPeriod,
  type TMetricsView,
  ZMetricsPeriod,
} from "./use-cases/metrics/get-metrics";
export { pruneRateLimits, RATE_LIMITS } from "./use-cases/rate-limits/consume-rate-limit";
export { type TTrackingView, ZTrackingView } from "./use-cases/reports/get-tracking-view";
export {
  eraseExpiredPersonalData,
  RETENTION_BATCH_SIZE,
  type TRetentionRun,
} from "./use-cases/retention/erase-expired-personal-data";
export {
  createRetentionTask,
  RETENTION_CRONTAB,
  RETENTION_TASK,
  type TRetentionTaskHelpers,
} from "./use-cases/retention/retention-task";
export type { THealth } from "./use-cases/system/check-health";
export type { TTeamKeyReportWork } from "./use-cases/team-keys/open-with-team-key";
export type { TImportedTeamKey } from "./use-cases/team-keys/team-keys";
