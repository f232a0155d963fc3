import type { AdminRouter } from "@disclose/api";
import type { inferRouterOutputs } from "@trpc/server";

type Outputs = inferRouterOutputs<AdminRouter>["distributorApplications"];

export type TApplicationList = Outputs["list"];
export type TApplicationRow = TApplicationList["applications"][number];
export type TApplicationDetail = Outputs["get"];
export type TApplicationStatus = TApplicationRow["status"];

export const STATUS_TEXT: Readonly<Record<TApplicationStatus, string>> = {
  submitted: "Waiting for a decision",
  approved: "Approved",
  rejected: "Rejected",
};

export const VOUCH_TEXT = { confirmed: "Vouched", declined: "Declined to vouch" } as const;

/** Times are stored in UTC and always shown with their UTC form. */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
