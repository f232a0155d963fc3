import type { TActor } from "@disclose/domain";
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
