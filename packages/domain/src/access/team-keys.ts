import type { TActor } from "../roles/actor";

/**
 * Who may hold a team key's private half (brief: "a team key's private half → PST members"): the PST, and only
 * the PST. An admin runs the deployment and reads no case content; a Fix Team member reads their cases only,
 * and a team key opens every report sent to it; a distributor never holds the project's keys.
 */
export function mayHoldTeamKey(actor: TActor): boolean {
  return actor.kind === "staff" && actor.roles.includes("pst");
}
