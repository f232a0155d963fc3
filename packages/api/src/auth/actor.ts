import type { AccountRoles, StaffRole, TActor } from "@disclose/domain";
import type { SessionInfo } from "../context";

/**
 * The domain's view of a signed-in account. Staff roles win: a PST member or admin is staff even if also listed
 * for a distributor; a distributor account is one only while it has an organisation on the list.
 */
export function actorOf(session: Pick<SessionInfo, "userId" | "roles" | "distributor">): TActor {
  const roles = [
    ...(session.roles.includes("ADMIN") ? (["admin"] as const) : []),
    ...(session.roles.includes("PST_MEMBER") ? (["pst"] as const) : []),
  ];
  if (roles.length === 0 && session.roles.includes("DISTRIBUTOR_MEMBER") && session.distributor) {
    return {
      kind: "distributor",
      userId: session.userId,
      organizationId: session.distributor.organizationId,
      membership: session.distributor.status,
    };
  }
  return { kind: "staff", userId: session.userId, roles };
}

const STAFF_ROLE_OF: Partial<Record<string, StaffRole>> = { ADMIN: "admin", PST_MEMBER: "pst" };

/**
 * What the domain's account rules (accountKind, landingPageOf, mayJoinFixTeam, pages) need to know of an account:
 * its staff roles, and whether it speaks for a distributor (a distributor role or a membership on the list).
 */
export function accountRolesFrom(account: {
  roles: readonly string[];
  hasDistributorMembership: boolean;
}): AccountRoles {
  return {
    roles: account.roles.flatMap((role) => STAFF_ROLE_OF[role] ?? []),
    isDistributor: account.hasDistributorMembership || account.roles.includes("DISTRIBUTOR_MEMBER"),
  };
}

/** accountRolesFrom for a signed-in session. */
export function accountRolesOfSession(session: Pick<SessionInfo, "roles" | "distributor">): AccountRoles {
  return accountRolesFrom({ roles: session.roles, hasDistributorMembership: session.distributor !== null });
}
