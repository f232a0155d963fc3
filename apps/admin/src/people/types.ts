import type { AdminRouter } from "@disclose/api";
import type { inferRouterOutputs } from "@trpc/server";

type Outputs = inferRouterOutputs<AdminRouter>["users"];

export type TPersonRow = Outputs["list"]["people"][number];
export type TOrganizationRow = Outputs["organizations"]["list"]["organizations"][number];
export type TRoleName = TPersonRow["roles"][number];

export const ROLE_NAMES: readonly TRoleName[] = ["ADMIN", "PST_MEMBER", "DISTRIBUTOR_MEMBER"];

export const ROLE_TEXT: Readonly<Record<TRoleName, { label: string; description: string }>> = {
  ADMIN: { label: "Admin", description: "Manages accounts and organisations. Sees no report content." },
  PST_MEMBER: {
    label: "PST member",
    description: "Triages reports and takes turns as Fix Lead. Receives reports encrypted to their key.",
  },
  DISTRIBUTOR_MEMBER: {
    label: "Distributor member",
    description: "Speaks for one distributor organisation; sees only embargoed material disclosed to it.",
  },
};

/** Times are stored in UTC and always shown with their UTC form. */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function formatUtcDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
