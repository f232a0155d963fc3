import type { StaffRole } from "./actor";

/** What an account holds, as far as the rules below need it (deployment roles and the distributor side). */
export interface AccountRoles {
  readonly roles: readonly StaffRole[];
  /** The account speaks for a distributor organisation (a distributor role or a membership on the list). */
  readonly isDistributor: boolean;
}

/**
 * The four kinds of account. A PST member is one whatever else they hold; an admin without the PST role runs the
 * deployment only; a distributor member without a staff role sees only what is disclosed to its organisation; an
 * account with no role at all is an engineer the Fix Lead can bring onto a case.
 */
export type AccountKind = "pst" | "admin-only" | "distributor" | "engineer";

export function accountKind({ roles, isDistributor }: AccountRoles): AccountKind {
  if (roles.includes("pst")) return "pst";
  if (roles.includes("admin")) return "admin-only";
  if (isDistributor) return "distributor";
  return "engineer";
}

export type FixTeamEligibility = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Who may join a Fix Team: only people who may hold case content, that is PST members and engineers, while their
 * account is active. An admin holds no case content (least privilege for embargoed data), and a distributor gets
 * embargoed copies through its organisation, never the report or the team's work.
 */
export function mayJoinFixTeam(account: AccountRoles & { readonly active: boolean }): FixTeamEligibility {
  if (!account.active) {
    return { ok: false, reason: "This account is deactivated; only an active account can join a Fix Team." };
  }
  switch (accountKind(account)) {
    case "pst":
    case "engineer":
      return { ok: true };
    case "admin-only":
      return {
        ok: false,
        reason: "Admins run the deployment and hold no case content; give them the PST role first.",
      };
    case "distributor":
      return {
        ok: false,
        reason:
          "Distributor members never join a Fix Team: they receive only the embargoed material disclosed to their organisation.",
      };
  }
}
