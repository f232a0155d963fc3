import { z } from "zod";
import type { Role, TActor } from "../roles/actor";
import { CASE_STATES } from "./states";

export const ZFixCommit = z.object({
  sha: z.string().min(1),
  authorId: z.string().min(1),
  /** Maintainers who gave an LGTM on this commit. */
  lgtmBy: z.array(z.string().min(1)),
});
export type TFixCommit = z.infer<typeof ZFixCommit>;

export const ZDistributorDisclosure = z.object({
  organizationId: z.string().min(1),
  /** When the organisation was sent the embargoed material; null = chosen but not yet notified. */
  notifiedAt: z.date().nullable(),
});
export type TDistributorDisclosure = z.infer<typeof ZDistributorDisclosure>;

/** What the domain needs to know about a case to answer questions about it. Loaded by the use-case. */
export const ZCaseFacts = z.object({
  id: z.string().min(1),
  state: z.enum(CASE_STATES),
  reportedAt: z.date(),
  /** The vulnerability is already public (public disclosure): every deadline becomes ASAP. */
  isPublic: z.boolean(),
  fixLeadId: z.string().min(1).nullable(),
  fixTeamIds: z.array(z.string().min(1)),
  fixCommits: z.array(ZFixCommit),
  mitigationAvailable: z.boolean(),
  remotelyExploitable: z.boolean(),
  privilegeEscalation: z.boolean(),
  releaseVersion: z.string().min(1).nullable(),
  /** Agreed public disclosure date and time (UTC); the embargo ends then. */
  disclosureAt: z.date().nullable(),
  distributorDisclosures: z.array(ZDistributorDisclosure),
});
export type TCaseFacts = z.infer<typeof ZCaseFacts>;

/** A fix commit counts when some maintainer other than its author gave it an LGTM. */
export function commitHasLgtm(commit: TFixCommit): boolean {
  return commit.lgtmBy.some((id) => id !== commit.authorId);
}

export function commitsMissingLgtm(facts: Pick<TCaseFacts, "fixCommits">): TFixCommit[] {
  return facts.fixCommits.filter((c) => !commitHasLgtm(c));
}

/** "Fix developed" in the policy's words: at least one fix commit and an LGTM on every one of them. */
export function isFixDeveloped(facts: Pick<TCaseFacts, "fixCommits">): boolean {
  return facts.fixCommits.length > 0 && commitsMissingLgtm(facts).length === 0;
}

/**
 * The roles an actor holds with respect to one case. Distributor rights exist only for a case
 * disclosed to the actor's organisation and only once that organisation was notified; a removed
 * member holds none. A reporter holds the role only for the case their capability names.
 */
export function caseRolesOf(actor: TActor, facts: TCaseFacts): Set<Role> {
  const roles = new Set<Role>();
  switch (actor.kind) {
    case "staff":
      if (actor.roles.includes("admin")) roles.add("admin");
      if (actor.roles.includes("pst")) roles.add("pst");
      // Fix Lead and Fix Team are per case, and only meaningful for people still on staff.
      if (facts.fixLeadId === actor.userId) roles.add("fix-lead");
      // "After release the Fix Team keeps read access for the retrospective and the advisory; the case's close
      // ends it."
      if (facts.fixTeamIds.includes(actor.userId) && facts.state !== "closed") roles.add("fix-team");
      break;
    case "distributor":
      if (
        actor.membership !== "removed" &&
        facts.distributorDisclosures.some(
          (d) => d.organizationId === actor.organizationId && d.notifiedAt !== null,
        )
      ) {
        roles.add("distributor");
      }
      break;
    case "reporter":
      if (actor.caseId === facts.id) roles.add("reporter");
      break;
    case "anonymous":
      break;
  }
  return roles;
}
