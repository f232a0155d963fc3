import { z } from "zod";

/** Deployment-wide roles held by staff accounts. Per-case roles (Fix Lead, Fix Team) come from the case. */
export const STAFF_ROLES = ["admin", "pst"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Membership of a distributor organisation on the private list; removed members keep no rights. */
export const DISTRIBUTOR_MEMBERSHIP_STATUSES = ["active", "warned", "removed"] as const;
export type DistributorMembershipStatus = (typeof DISTRIBUTOR_MEMBERSHIP_STATUSES)[number];

export const ZActor = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("staff"), userId: z.string().min(1), roles: z.array(z.enum(STAFF_ROLES)) }),
  z.object({
    kind: z.literal("distributor"),
    userId: z.string().min(1),
    organizationId: z.string().min(1),
    membership: z.enum(DISTRIBUTOR_MEMBERSHIP_STATUSES),
  }),
  // A reporter has no account: holding the tracking link's capability proves access to one case only.
  z.object({ kind: z.literal("reporter"), caseId: z.string().min(1) }),
  z.object({ kind: z.literal("anonymous") }),
]);
export type TActor = z.infer<typeof ZActor>;

/** Every role the permission and lifecycle tables speak about, relative to a resource. */
export const ROLES = ["admin", "pst", "fix-lead", "fix-team", "distributor", "reporter"] as const;
export type Role = (typeof ROLES)[number];

/** Who did something, for audit events: never a secret (a reporter is identified by the case only). */
export function actorRef(actor: TActor): string {
  switch (actor.kind) {
    case "staff":
    case "distributor":
      return `${actor.kind}:${actor.userId}`;
    case "reporter":
      return `reporter:${actor.caseId}`;
    case "anonymous":
      return "anonymous";
  }
}
