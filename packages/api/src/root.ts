import { accountRouter } from "./routers/account";
import { advisoriesRouter } from "./routers/advisories";
import { announcementsRouter } from "./routers/announcements";
import { auditRouter } from "./routers/audit";
import { authRouter } from "./routers/auth";
import { caseEventsRouter } from "./routers/case-events";
import { caseWorkflowRouter } from "./routers/case-workflow";
import { casesRouter } from "./routers/cases";
import { cveRequestsRouter } from "./routers/cve-requests";
import { distributorApplicationsRouter } from "./routers/distributor-applications";
import { distributorCasesRouter } from "./routers/distributor-cases";
import { distributorFeedbackRouter } from "./routers/distributor-feedback";
import { distributorLeaksRouter } from "./routers/distributor-leaks";
import { distributorListRouter } from "./routers/distributor-list";
import { earlyDisclosureRouter } from "./routers/early-disclosure";
import { grantsRouter } from "./routers/grants";
import { healthRouter } from "./routers/health";
import { keysRouter } from "./routers/keys";
import { mailIntakeRouter } from "./routers/mail-intake";
import { metricsRouter } from "./routers/metrics";
import { notificationsRouter } from "./routers/notifications";
import { passkeysRouter } from "./routers/passkeys";
import { patchesRouter } from "./routers/patches";
import { portalAcknowledgmentsRouter } from "./routers/portal/acknowledgments";
import { portalAdvisoriesRouter } from "./routers/portal/advisories";
import { portalAnnouncementsRouter } from "./routers/portal/announcements";
import { portalDistributorApplicationsRouter } from "./routers/portal/distributor-applications";
import { portalKeysRouter } from "./routers/portal/keys";
import { portalPublicRecordRouter } from "./routers/portal/public-record";
import { portalRetentionRouter } from "./routers/portal/retention";
import { portalTrackingRouter } from "./routers/portal/tracking";
import { recoveryRouter } from "./routers/recovery";
import { releaseRouter } from "./routers/release";
import { teamDiscussionRouter } from "./routers/team-discussion";
import { teamKeysRouter } from "./routers/team-keys";
import { usersRouter } from "./routers/users";
import { vulnerabilitiesRouter } from "./routers/vulnerabilities";
import { workspaceRouter } from "./routers/workspace";
import { createCallerFactory, createTRPCRouter } from "./trpc";

/** What the public portal may call. Nothing here needs or reads a staff session. */
export const portalRouter = createTRPCRouter({
  health: healthRouter,
  acknowledgments: portalAcknowledgmentsRouter,
  keys: portalKeysRouter,
  retention: portalRetentionRouter,
  tracking: portalTrackingRouter,
  distributorApplications: portalDistributorApplicationsRouter,
  // Public advisories and security announcements (issue 14).
  advisories: portalAdvisoriesRouter,
  announcements: portalAnnouncementsRouter,
  // The public record of released cases (issue 15).
  publicRecord: portalPublicRecordRouter,
});

/** What the authenticated admin app may call. */
export const adminRouter = createTRPCRouter({
  health: healthRouter,
  account: accountRouter,
  auth: authRouter,
  keys: keysRouter,
  cases: casesRouter,
  grants: grantsRouter,
  teamDiscussion: teamDiscussionRouter,
  users: usersRouter,
  // The case workflow (issue 12).
  caseWorkflow: caseWorkflowRouter,
  caseEvents: caseEventsRouter,
  vulnerabilities: vulnerabilitiesRouter,
  workspace: workspaceRouter,
  patches: patchesRouter,
  release: releaseRouter,
  notifications: notificationsRouter,
  distributorList: distributorListRouter,
  distributorApplications: distributorApplicationsRouter,
  earlyDisclosure: earlyDisclosureRouter,
  distributorCases: distributorCasesRouter,
  distributorFeedback: distributorFeedbackRouter,
  distributorLeaks: distributorLeaksRouter,
  // CVE and public advisories (issue 14).
  advisories: advisoriesRouter,
  cveRequests: cveRequestsRouter,
  announcements: announcementsRouter,
  // Metrics (issue 15).
  metrics: metricsRouter,
  // The audit log you can trust (issue 15).
  audit: auditRouter,
  // Account recovery without a back door (issue 16).
  recovery: recoveryRouter,
  // Accounts people can keep safe (issue 16).
  passkeys: passkeysRouter,
  // Reports by email (issue 17).
  mailIntake: mailIntakeRouter,
  teamKeys: teamKeysRouter,
});

export type PortalRouter = typeof portalRouter;
export type AdminRouter = typeof adminRouter;

export const createPortalCaller = createCallerFactory(portalRouter);
export const createAdminCaller = createCallerFactory(adminRouter);
