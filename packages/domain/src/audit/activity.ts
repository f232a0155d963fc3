import { CASE_COMMAND_TYPES } from "../cases/lifecycle";

/**
 * How a case's history page names each kind of audit event: what happened, and whether it changed the case, read
 * it, was a message, or was the system's own doing (alerts, retention). Labels say what a person did, never any
 * content (the log holds none).
 */
export const ACTIVITY_KINDS = ["change", "read", "message", "system"] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

const ACTIVITIES: Readonly<Record<string, { kind: ActivityKind; label: string }>> = {
  "report.received": { kind: "change", label: "Report received" },
  "report.read": { kind: "read", label: "Read the report" },
  "report.attachment_read": { kind: "read", label: "Downloaded an attachment" },
  "report.viewed_by_reporter": { kind: "read", label: "The reporter opened the tracking page" },
  "report.message_posted": { kind: "message", label: "Message in the reporter thread" },
  "report.summary_written": { kind: "change", label: "Encrypted summary written" },
  "report.tracking_link_emailed": { kind: "message", label: "Tracking link emailed to the reporter" },
  "report.personal_data_erased": { kind: "system", label: "Reporter's personal data erased" },
  "report.pst_alerted": { kind: "system", label: "PST alerted by email" },
  "report.unheld_keys_flagged": {
    kind: "system",
    label: "Kept unread: encrypted to keys no one here holds (PST told)",
  },
  "report.team_key_opened": {
    kind: "read",
    label: "Opened with the team key (its session key wrapped to the opener's key)",
  },
  "case.reminders_sent": { kind: "system", label: "Reminders emailed (due soon or overdue)" },
  "case.fix_lead_assigned": { kind: "change", label: "Fix Lead assigned" },
  "case.fix_lead_reassigned": { kind: "change", label: "Fix Lead reassigned" },
  "case.fix_team_member_added": { kind: "change", label: "Added to the Fix Team" },
  "case.fix_team_member_removed": { kind: "change", label: "Taken off the Fix Team" },
  "case.access_granted": { kind: "change", label: "Access granted to a reader's key" },
  "case.fact_changed": { kind: "change", label: "A fact the rules need changed (with a reason)" },
  "case.event_recorded": {
    kind: "change",
    label: "Exploitation recorded (exploit public or attacks observed)",
  },
  "case.fix_team_formed": { kind: "change", label: "Fix Team marked formed" },
  "case.team_message_posted": { kind: "message", label: "Message in the team discussion" },
  "case.team_messages_read": { kind: "read", label: "Read the team discussion" },
  "case.notice_published": { kind: "change", label: "Forthcoming-fix notice recorded as published" },
  "case.notice_record_corrected": { kind: "change", label: "Notice's publication record corrected" },
  "case.release_version_set": { kind: "change", label: "Release version set" },
  "case.disclosure_time_set": { kind: "change", label: "Disclosure time agreed" },
  "case.retrospective_completed": { kind: "change", label: "Retrospective done" },
  "case.vulnerability_added": { kind: "change", label: "Vulnerability added" },
  "case.vulnerability_removed": { kind: "change", label: "Vulnerability removed" },
  "case.vulnerability_updated": { kind: "change", label: "CVE or CWE changed" },
  "case.cvss_set": { kind: "change", label: "CVSS set by the Fix Lead" },
  "case.slow_down_recorded": { kind: "change", label: "Release slowed down (recorded decision)" },
  "case.upstream_dependency_recorded": { kind: "change", label: "Dates fitted to an upstream timeline" },
  "case.early_disclosure_prepared": {
    kind: "change",
    label: "Early disclosure prepared (terms, organisations)",
  },
  "case.distributor_copies_uploaded": { kind: "change", label: "Marked copies made for an organisation" },
  "case.distributors_notified": { kind: "message", label: "Distributors notified of the embargo" },
  "case.distributors_reminded": { kind: "system", label: "Distributors reminded" },
  "case.distributor_copy_downloaded": { kind: "read", label: "A distributor downloaded a copy" },
  "case.distributor_acknowledged": { kind: "change", label: "A distributor acknowledged receipt" },
  "distributor.feedback_submitted": { kind: "message", label: "Distributor feedback received" },
  "distributor.feedback_read": { kind: "read", label: "Read the distributors' feedback" },
  "distributor.leak_reported": { kind: "change", label: "Embargo leak reported" },
  "distributor.leak_assessed": { kind: "change", label: "Leak assessed" },
  "distributor.leak_decided": { kind: "change", label: "Leak decided (release early or continue)" },
  "distributor.mark_traced": { kind: "read", label: "A leaked file's mark traced" },
  "advisory.draft_saved": { kind: "change", label: "Advisory draft saved" },
  "advisory.draft_read": { kind: "read", label: "Read the advisory draft" },
  "advisory.draft_shared": { kind: "message", label: "Advisory draft shared with distributors" },
  "advisory.draft_copy_read": { kind: "read", label: "A distributor read its copy of the draft" },
  "advisory.comment_posted": { kind: "message", label: "A distributor commented on the draft" },
  "advisory.comments_read": { kind: "read", label: "Read the distributors' comments" },
  "advisory.published": { kind: "change", label: "Advisory published" },
  "advisory.revised": { kind: "change", label: "Advisory revised (a new revision published)" },
  "advisory.withdrawn": { kind: "change", label: "Advisory withdrawn" },
  "announcement.sent": { kind: "message", label: "Announcement sent to subscribers" },
  "case.cve_requested": { kind: "change", label: "CVE requested" },
  "case.cve_reserved": { kind: "change", label: "CVE ID reserved" },
  "case.cve_published": { kind: "change", label: "CVE record published" },
  "case.cve_publish_failed": { kind: "system", label: "CVE record not published (CVE Services refused)" },
  "case.cve_rejected": { kind: "change", label: "CVE rejected" },
  "case.cve_reminder_sent": { kind: "system", label: "Reminded: CVE ID still pending" },
  "case.credit_offered": { kind: "change", label: "Credit offered to the reporter" },
  "report.credit_accepted": { kind: "change", label: "The reporter accepted the credit" },
  "report.credit_declined": { kind: "change", label: "The reporter declined the credit" },
  "patch.uploaded": { kind: "change", label: "Patch version uploaded" },
  "patch.read": { kind: "read", label: "Read or downloaded a patch" },
  "workspace.read": { kind: "read", label: "Read the fix workspace (commit titles)" },
  "workspace.notes_read": { kind: "read", label: "Read the case's notes" },
  "workspace.note_posted": { kind: "message", label: "Note written" },
  "workspace.repository_set": { kind: "change", label: "Private repository changed" },
  "workspace.branch_added": { kind: "change", label: "Release branch added" },
  "workspace.branch_removed": { kind: "change", label: "Release branch removed" },
  "workspace.commit_added": { kind: "change", label: "Fix commit added" },
  "workspace.commit_removed": { kind: "change", label: "Fix commit removed" },
  "workspace.lgtm_given": { kind: "change", label: "LGTM given on a fix commit" },
  "workspace.lgtm_withdrawn": { kind: "change", label: "LGTM withdrawn" },
  // Beyond one case (the global audit log).
  "case.list_viewed": { kind: "read", label: "Listed the cases" },
  "alerts.digests_sent": { kind: "system", label: "Daily digests emailed" },
  "session.signed_in": { kind: "change", label: "Signed in" },
  "session.signed_out": { kind: "change", label: "Signed out" },
  "session.signed_out_everywhere": { kind: "change", label: "Signed out everywhere" },
  "session.revoked_by_admin": { kind: "change", label: "Session ended by an admin" },
  "auth.sign_in_link_sent": { kind: "message", label: "Sign-in link emailed" },
  "auth.second_factor_passed": { kind: "change", label: "Second factor passed" },
  "auth.second_factor_failed": { kind: "change", label: "Second factor failed" },
  "auth.totp_enrolled": { kind: "change", label: "Authenticator app set up" },
  "auth.totp_secrets_rotated": { kind: "system", label: "Authenticator secrets re-encrypted (AUTH_SECRET)" },
  "recovery.requested": { kind: "change", label: "Account recovery asked for" },
  "recovery.approved": { kind: "change", label: "Account recovery approved" },
  "recovery.completed": { kind: "change", label: "Account recovered (new second factor set up)" },
  "recovery.cancelled": { kind: "change", label: "Account recovery cancelled" },
  "user.invited": { kind: "change", label: "Account invited" },
  "user.roles_changed": { kind: "change", label: "Roles changed" },
  "user.deactivated": { kind: "change", label: "Account deactivated" },
  "user.reactivated": { kind: "change", label: "Account reactivated" },
  "user.availability_changed": { kind: "change", label: "Availability changed" },
  "user.reminder_preference_changed": { kind: "change", label: "Reminder preference changed" },
  "settings.updated": { kind: "change", label: "Settings changed" },
  "pgp_key.created": { kind: "change", label: "Key created" },
  "team_key.imported": { kind: "change", label: "Team key imported (its private half granted to the PST)" },
  "team_key.private_read": { kind: "read", label: "Read a team key's private half" },
  "team_key.granted": { kind: "change", label: "Team key granted to a PST member's key" },
  "team_key.retired": { kind: "change", label: "Team key retired" },
  "pgp_key.registered": { kind: "change", label: "Key registered" },
  "pgp_key.retired": { kind: "change", label: "Key retired" },
  "pgp_key.private_key_read": { kind: "read", label: "Read a key's locked private half" },
  "organization.created": { kind: "change", label: "Organisation added" },
  "organization.imported": { kind: "change", label: "Distributors list imported" },
  "organization.warned": { kind: "change", label: "Organisation warned" },
  "organization.removed": { kind: "change", label: "Organisation removed" },
  "distributor.member_removed": { kind: "change", label: "Distributor member removed" },
  "distributor_application.submitted": { kind: "change", label: "Distributor application submitted" },
  "distributor_application.voucher_resolved": { kind: "change", label: "Voucher answered an application" },
  "distributor_application.approved": { kind: "change", label: "Distributor application approved" },
  "distributor_application.rejected": { kind: "change", label: "Distributor application rejected" },
  "distributor.application_read": { kind: "read", label: "Read a distributor application" },
  "distributor.applications_personal_data_erased": {
    kind: "system",
    label: "Applicants' personal data erased",
  },
  "mail_intake.answers_erased": {
    kind: "system",
    label: "Addresses of automatic answers to mail that became no report erased",
  },
  "advisory.signing_key_rotated": { kind: "change", label: "Advisory signing key rotated" },
  "demo.seeded": { kind: "system", label: "Demo data seeded" },
};

/**
 * The kind and label of an audit action. A triage or lifecycle command is logged as `case.<command>` (its event
 * carries its own summary, e.g. "Accept: Received → Accepted"); an action this table does not know is a change,
 * named as logged.
 */
export function activityOf(action: string): { kind: ActivityKind; label: string } {
  const known = ACTIVITIES[action];
  if (known) return known;
  const command = action.startsWith("case.") ? action.slice("case.".length) : "";
  if ((CASE_COMMAND_TYPES as string[]).includes(command)) return { kind: "change", label: "State changed" };
  return { kind: "change", label: action };
}

/** The actions of one kind, for a filter that runs in the database (lifecycle commands are changes). */
export function actionsOfKind(kind: ActivityKind): string[] {
  const listed = Object.entries(ACTIVITIES)
    .filter(([, activity]) => activity.kind === kind)
    .map(([action]) => action);
  return kind === "change" ? [...listed, ...CASE_COMMAND_TYPES.map((c) => `case.${c}`)] : listed;
}

/**
 * Audit subjects whose id names a case (a report doubles as its case). Who may not list cases (an admin without
 * the PST role holds no case content) reads the global log without these ids or the events' own words (a reason
 * may describe the case), and cannot look them up by id.
 */
export const CASE_SUBJECT_TYPES = ["report", "case"] as const;

export function isCaseSubject(subjectType: string): boolean {
  return (CASE_SUBJECT_TYPES as readonly string[]).includes(subjectType);
}
