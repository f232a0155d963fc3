import { type AnnouncementData, announcement } from "./announcement";
import { type AnnouncementConfirmData, announcementConfirm } from "./announcement-confirm";
import { type AnnouncementNoticeData, announcementNotice } from "./announcement-notice";
import { type AuditChainBrokenData, auditChainBroken } from "./audit-chain-broken";
import { type CaseReminderData, caseReminder } from "./case-reminder";
import { type DailyDigestData, dailyDigest } from "./daily-digest";
import {
  type DistributorApplicationAlertData,
  distributorApplicationAlert,
} from "./distributor-application-alert";
import {
  type DistributorApplicationApprovedData,
  distributorApplicationApproved,
} from "./distributor-application-approved";
import {
  type DistributorApplicationReceivedData,
  distributorApplicationReceived,
} from "./distributor-application-received";
import {
  type DistributorApplicationRejectedData,
  distributorApplicationRejected,
} from "./distributor-application-rejected";
import { type DistributorCaseNoticeData, distributorCaseNotice } from "./distributor-case-notice";
import {
  type DistributorFeedbackReceivedData,
  distributorFeedbackReceived,
} from "./distributor-feedback-received";
import { type DistributorLeakReportedData, distributorLeakReported } from "./distributor-leak-reported";
import {
  type DistributorOrganizationRemovedData,
  distributorOrganizationRemoved,
} from "./distributor-organization-removed";
import {
  type DistributorOrganizationWarnedData,
  distributorOrganizationWarned,
} from "./distributor-organization-warned";
import { type DistributorVouchReceivedData, distributorVouchReceived } from "./distributor-vouch-received";
import { type DistributorVouchRequestData, distributorVouchRequest } from "./distributor-vouch-request";
import { type InvitationData, invitation } from "./invitation";
import { type MailReceiptData, mailReceipt } from "./mail-receipt";
import { type NewReportAlertData, newReportAlert } from "./new-report-alert";
import { type PasskeyChangedData, passkeyChanged } from "./passkey-changed";
import { type RecoveryApprovalRequestData, recoveryApprovalRequest } from "./recovery-approval-request";
import { type RecoveryNoticeData, recoveryNotice } from "./recovery-notice";
import { type ReportReceivedData, reportReceived } from "./report-received";
import { type ReportStateByMailData, reportStateByMail } from "./report-state-by-mail";
import { type ReportUpdatedData, reportUpdated } from "./report-updated";
import { type SignInLinkData, signInLink } from "./sign-in-link";
import { type TeamMentionData, teamMention } from "./team-mention";
import { type TeamReplyData, teamReply } from "./team-reply";
import { type TestMessageData, testMessage } from "./test-message";
import { type TrackingLinkData, trackingLink } from "./tracking-link";
import type { RenderedEmail } from "./types";
import { type UnheldKeyMailData, unheldKeyMail } from "./unheld-key-mail";

export type { AnnouncementAffected, AnnouncementData, AnnouncementVulnerability } from "./announcement";
export { auditHeadText } from "./daily-digest";
export { escapeHtml, html, SafeHtml, safeUrl } from "./html";
export type { ReminderItem } from "./reminder-items";
export type { RenderedEmail } from "./types";

/** Every template by name; a new email is one file here plus one line below. */
export interface EmailTemplates {
  test: TestMessageData;
  reportReceived: ReportReceivedData;
  reportUpdated: ReportUpdatedData;
  trackingLink: TrackingLinkData;
  signInLink: SignInLinkData;
  invitation: InvitationData;
  newReportAlert: NewReportAlertData;
  teamMention: TeamMentionData;
  caseReminder: CaseReminderData;
  dailyDigest: DailyDigestData;
  distributorApplicationReceived: DistributorApplicationReceivedData;
  distributorVouchRequest: DistributorVouchRequestData;
  distributorApplicationAlert: DistributorApplicationAlertData;
  distributorVouchReceived: DistributorVouchReceivedData;
  distributorApplicationApproved: DistributorApplicationApprovedData;
  distributorApplicationRejected: DistributorApplicationRejectedData;
  distributorOrganizationRemoved: DistributorOrganizationRemovedData;
  distributorFeedbackReceived: DistributorFeedbackReceivedData;
  distributorLeakReported: DistributorLeakReportedData;
  distributorOrganizationWarned: DistributorOrganizationWarnedData;
  distributorCaseNotice: DistributorCaseNoticeData;
  announcementConfirm: AnnouncementConfirmData;
  announcement: AnnouncementData;
  announcementNotice: AnnouncementNoticeData;
  auditChainBroken: AuditChainBrokenData;
  recoveryNotice: RecoveryNoticeData;
  recoveryApprovalRequest: RecoveryApprovalRequestData;
  passkeyChanged: PasskeyChangedData;
  mailReceipt: MailReceiptData;
  teamReply: TeamReplyData;
  reportStateByMail: ReportStateByMailData;
  unheldKeyMail: UnheldKeyMailData;
}

const templates: { [N in keyof EmailTemplates]: (data: EmailTemplates[N]) => RenderedEmail } = {
  test: testMessage,
  reportReceived,
  reportUpdated,
  trackingLink,
  signInLink,
  invitation,
  newReportAlert,
  teamMention,
  caseReminder,
  dailyDigest,
  distributorApplicationReceived,
  distributorVouchRequest,
  distributorApplicationAlert,
  distributorVouchReceived,
  distributorApplicationApproved,
  distributorApplicationRejected,
  distributorOrganizationRemoved,
  distributorFeedbackReceived,
  distributorLeakReported,
  distributorOrganizationWarned,
  distributorCaseNotice,
  announcementConfirm,
  announcement,
  announcementNotice,
  auditChainBroken,
  recoveryNotice,
  recoveryApprovalRequest,
  passkeyChanged,
  mailReceipt,
  teamReply,
  reportStateByMail,
  unheldKeyMail,
};

export type EmailTemplateName = keyof EmailTemplates;

/** Renders a template to subject, text and HTML. The subject is forced onto one line. */
export function renderEmail<N extends EmailTemplateName>(name: N, data: EmailTemplates[N]): RenderedEmail {
  const rendered = templates[name](data);
  return { ...rendered, subject: rendered.subject.replace(/\s+/g, " ").trim() };
}
