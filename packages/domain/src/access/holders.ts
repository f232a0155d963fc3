import { caseRolesOf, type TCaseFacts } from "../cases/case-facts";
import { type CaseState, OPEN_STATES } from "../cases/states";
import type { Role, TActor } from "../roles/actor";

/**
 * Everything that describes a vulnerability is an OpenPGP message whose session key is wrapped to each
 * reader's key ("access grants"). These are the kinds of such items a case holds.
 */
export const SEALED_ITEM_KINDS = [
  /** The report as the reporter sent it. */
  "report",
  /** A few hundred bytes (title, component) so that lists need not fetch whole reports. */
  "summary",
  "attachment",
  /** The thread with the reporter, both directions. */
  "reporter-message",
  /** The team's own discussion, internal notes and patches (the fix workspace). */
  "team-message",
  "note",
  "patch",
  /** A fix commit's title (its hash, author and LGTMs are plaintext metadata). */
  "fix-commit",
  /** A distributor's feedback details (what its review and tests found), written to the case's team only. */
  "distributor-feedback",
  /** The case's draft advisory and announcement (embargoed with the case until published). */
  "advisory-draft",
  /** A notified distributor's comment on the draft advisory, written to the case's team only. */
  "advisory-comment",
] as const;
export type SealedItemKind = (typeof SEALED_ITEM_KINDS)[number];

const TEAM: readonly Role[] = ["pst", "fix-lead", "fix-team"];

/**
 * Who may hold what (brief): the report, its attachments and the reporter thread go to the PST and the Fix
 * Team, and to the reporter, who sees what they sent and what the team wrote to them; the team's own thread,
 * notes and patches to the PST and the Fix Team only. Distributors hold none of these: they get copies of
 * their own, encrypted afresh per organisation. Admins run the deployment and hold no case content.
 */
export const ITEM_HOLDERS: Readonly<Record<SealedItemKind, readonly Role[]>> = {
  report: [...TEAM, "reporter"],
  summary: TEAM,
  attachment: [...TEAM, "reporter"],
  "reporter-message": [...TEAM, "reporter"],
  "team-message": TEAM,
  note: TEAM,
  patch: TEAM,
  "fix-commit": TEAM,
  // Written by a distributor's member but held by the team alone: the organisation keeps its own plaintext.
  "distributor-feedback": TEAM,
  "advisory-draft": TEAM,
  // Like feedback: written by a distributor's member, held by the team.
  "advisory-comment": TEAM,
};

/** Whether `actor` may hold (be granted, be served) items of `kind` of this case, now. */
export function mayHold(actor: TActor, kind: SealedItemKind, facts: TCaseFacts): boolean {
  const roles = caseRolesOf(actor, facts);
  return ITEM_HOLDERS[kind].some((role) => roles.has(role));
}

/**
 * Cases whose material new readers (a new PST member, a member's new key) are granted: every case still being
 * worked on, from arrival to release. A closed case and a triage outcome (duplicate, rejected, not a
 * vulnerability, spam) are not granted to newcomers; people who hold them keep what they hold.
 */
export function caseTakesNewReaders(state: CaseState): boolean {
  return OPEN_STATES.includes(state);
}
