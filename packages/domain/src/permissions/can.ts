import { caseRolesOf, type TCaseFacts } from "../cases/case-facts";
import { type CaseCommandType, TRANSITIONS } from "../cases/lifecycle";
import type { Role, TActor } from "../roles/actor";

/** Questions about one case. */
export const CASE_ACTIONS = [
  "case.view-summary", // see the case exists, its state and timeline
  "case.read-history", // the case's activity: every change and every read, from the audit log
  "report.read", // decrypted report and its attachments
  "report.comment", // talk in the reporter's thread
  "case.assign-fix-lead",
  "case.manage-fix-team",
  "case.record-facts", // the facts the rules need (public, remote, privilege escalation, mitigation, skip)
  "case.record-exploitation", // "exploit public", "attacks observed": who, when, the source
  "cvss.propose",
  "cvss.finalize", // "the Fix Lead makes the final call on the calculated CVSS"
  "timeline.record-slow-down",
  "fix.read", // private fix branch and commits
  "fix.lgtm",
  "embargo.read", // embargoed patches and advisory drafts
  "embargo.set-disclosure-time",
  "distributors.select",
  "distributor.record-test-result", // "carry some water": review and test results, per case
  "leak.report",
  "leak.assess",
  "leak.decide",
  "cve.request",
  "advisory.publish",
  "announcement.send",
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number] | `transition:${CaseCommandType}`;

/** Questions about a distributor organisation. */
export const ORGANIZATION_ACTIONS = [
  "organization.view",
  "organization.manage-members",
  "membership.vouch",
  "membership.decide",
  "membership.warn",
  "membership.remove",
] as const;
export type OrganizationAction = (typeof ORGANIZATION_ACTIONS)[number];

/** Deployment-wide questions. */
export const SYSTEM_ACTIONS = [
  "case.list",
  "users.manage",
  "users.view",
  "settings.manage",
  "audit.read",
  "audit.verify",
  "rotation.manage",
  "distributor-application.list",
  "distributor-list.manage",
] as const;
export type SystemAction = (typeof SYSTEM_ACTIONS)[number];

export type PermissionAction = CaseAction | OrganizationAction | SystemAction;

export type PermissionResource =
  | { readonly kind: "case"; readonly case: TCaseFacts }
  | { readonly kind: "organization"; readonly organizationId: string }
  | { readonly kind: "system" };

const STAFF_CASE: readonly Role[] = ["pst", "fix-lead", "fix-team"];

/**
 * The permission table for case actions. Why: the report is readable by the PST and the people working
 * on the fix; a distributor never sees the report, only embargoed material of cases disclosed to it
 * (after notification); a reporter sees and talks about their own report only; an admin runs the
 * deployment but holds no right on case content (least privilege for embargoed data).
 */
export const CASE_PERMISSIONS: Readonly<Record<(typeof CASE_ACTIONS)[number], readonly Role[]>> = {
  "case.view-summary": [...STAFF_CASE, "distributor", "reporter"],
  "case.read-history": STAFF_CASE,
  "report.read": [...STAFF_CASE, "reporter"],
  "report.comment": [...STAFF_CASE, "reporter"],
  "case.assign-fix-lead": ["pst"],
  "case.manage-fix-team": ["fix-lead"],
  "case.record-facts": ["fix-lead"],
  // Whoever on the case learns of an exploit or attacks records it: the PST watching, the Fix Lead, the Fix Team.
  "case.record-exploitation": STAFF_CASE,
  "cvss.propose": ["fix-lead", "fix-team"],
  "cvss.finalize": ["fix-lead"],
  "timeline.record-slow-down": ["fix-lead", "fix-team"],
  "fix.read": STAFF_CASE,
  "fix.lgtm": ["pst", "fix-team", "fix-lead"],
  "embargo.read": [...STAFF_CASE, "distributor"],
  "embargo.set-disclosure-time": ["fix-lead"],
  "distributors.select": ["fix-lead"],
  "distributor.record-test-result": ["distributor"],
  "leak.report": [...STAFF_CASE, "distributor"],
  "leak.assess": ["pst"],
  "leak.decide": ["pst"],
  "cve.request": ["fix-lead"],
  "advisory.publish": ["fix-lead"],
  "announcement.send": ["fix-lead"],
};

type OrgRole = "admin" | "pst" | "own-member" | "list-member";

export const ORGANIZATION_PERMISSIONS: Readonly<Record<OrganizationAction, readonly OrgRole[]>> = {
  "organization.view": ["pst", "own-member"],
  "organization.manage-members": ["pst"],
  // Policy criterion 7: "someone already on the list" vouches; any active member may.
  "membership.vouch": ["list-member"],
  "membership.decide": ["pst"],
  "membership.warn": ["pst"],
  "membership.remove": ["pst"],
};

export const SYSTEM_PERMISSIONS: Readonly<Record<SystemAction, readonly ("admin" | "pst")[]>> = {
  "case.list": ["pst"],
  "users.manage": ["admin"],
  // The PST sees who is on the team and who is away (the rotation); only admins change people.
  "users.view": ["admin", "pst"],
  "settings.manage": ["admin"],
  // The global audit log (who did what, no content) and its verification: the people who answer for the process
  // (PST) and for the deployment (admins).
  "audit.read": ["admin", "pst"],
  "audit.verify": ["admin", "pst"],
  "rotation.manage": ["pst"],
  "distributor-application.list": ["pst"],
  // Importing today's list and removing an organisation whose criteria lapsed: the PST runs the list; an admin
  // may bring the list along when setting up a deployment.
  "distributor-list.manage": ["admin", "pst"],
};

function staffRoles(actor: TActor): Set<"admin" | "pst"> {
  return new Set(actor.kind === "staff" ? actor.roles : []);
}

function isCaseAction(action: PermissionAction): action is CaseAction {
  return action.startsWith("transition:") || (CASE_ACTIONS as readonly string[]).includes(action);
}

/**
 * Deny by default: true only when a table row grants the action to a role the actor holds for the
 * resource. Actions paired with the wrong kind of resource, unknown actions and anonymous actors get false.
 * For transitions this answers "may this role issue it at all"; lifecycle.transition() also checks state and guards.
 */
export function can(actor: TActor, action: PermissionAction, resource: PermissionResource): boolean {
  switch (resource.kind) {
    case "case": {
      if (!isCaseAction(action)) return false;
      const roles = caseRolesOf(actor, resource.case);
      let allowed: readonly Role[] | undefined;
      if (action.startsWith("transition:")) {
        const type = action.slice("transition:".length);
        allowed = Object.hasOwn(TRANSITIONS, type) ? TRANSITIONS[type as CaseCommandType].roles : undefined;
      } else {
        allowed = CASE_PERMISSIONS[action as (typeof CASE_ACTIONS)[number]];
      }
      return allowed?.some((r) => roles.has(r)) ?? false;
    }
    case "organization": {
      if (!(ORGANIZATION_ACTIONS as readonly string[]).includes(action)) return false;
      const roles = new Set<OrgRole>(staffRoles(actor));
      if (actor.kind === "distributor" && actor.membership !== "removed") {
        roles.add("list-member");
        if (actor.organizationId === resource.organizationId) roles.add("own-member");
      }
      return ORGANIZATION_PERMISSIONS[action as OrganizationAction].some((r) => roles.has(r));
    }
    case "system": {
      if (!(SYSTEM_ACTIONS as readonly string[]).includes(action)) return false;
      const roles = staffRoles(actor);
      return SYSTEM_PERMISSIONS[action as SystemAction].some((r) => roles.has(r));
    }
    default:
      return false;
  }
}
