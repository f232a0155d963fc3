import type { AdminRouter } from "@disclose/api";
import { formatUtc } from "@disclose/domain";
import type { inferRouterOutputs } from "@trpc/server";

type Outputs = inferRouterOutputs<AdminRouter>["recovery"];

export type TMyRecoveryView = Outputs["mine"]["history"][number];
export type TRecoveryList = Outputs["list"];
export type TRecoveryRow = TRecoveryList["open"][number];
export type TRecoveryState = TMyRecoveryView["state"];
type TCapacity = TMyRecoveryView["missing"][number];

/** Times in the UTC form every other page uses ("2026-11-30 20:40 UTC"): approvers are in any time zone. */
export const formatWhen = (date: Date): string => formatUtc(date);

export const CAPACITY_TEXT: Readonly<Record<TCapacity, string>> = {
  ADMIN: "an admin",
  PST_MEMBER: "a PST member",
};

export const STATE_TEXT: Readonly<Record<TRecoveryState, string>> = {
  pending: "Waiting for approval",
  approved: "Approved: waiting for a new authenticator",
  completed: "Completed",
  cancelled: "Cancelled",
  expired: "Expired",
};

/** "approved by an admin, Ada Admin, 30 Nov 2026 20:40 UTC; waiting for a PST member". */
export function approvalsText(recovery: Pick<TMyRecoveryView, "approvals" | "missing" | "state">): string {
  const given = recovery.approvals.map(
    (a) => `approved by ${CAPACITY_TEXT[a.capacity]}, ${a.approverName}, ${formatWhen(a.approvedAt)}`,
  );
  const waiting =
    recovery.state === "pending" ? recovery.missing.map((c) => `waiting for ${CAPACITY_TEXT[c]}`) : [];
  const parts = [...given, ...waiting];
  if (parts.length === 0) return "No approvals.";
  const text = parts.join("; ");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** What the person can do about how a request ended, or what it waits for, in a sentence. */
export function endText(recovery: TMyRecoveryView): string {
  switch (recovery.state) {
    case "pending":
      return `It lapses at ${formatWhen(recovery.expiresAt)} unless both approvals come first.`;
    case "approved":
      return `Set up a new authenticator before ${formatWhen(recovery.expiresAt)}.`;
    case "completed":
      return recovery.completedAt ? `Completed ${formatWhen(recovery.completedAt)}.` : "Completed.";
    case "cancelled":
      return `Cancelled ${recovery.cancelledAt ? formatWhen(recovery.cancelledAt) : ""}${recovery.cancelledByName ? ` by ${recovery.cancelledByName}` : ""}.`;
    case "expired":
      return `Expired ${formatWhen(recovery.expiresAt)}.`;
  }
}

/** Same checks as the server's, so most mistakes are named before anything is sent. */
export function checkReason(value: string): string | null {
  const reason = value.trim();
  if (!reason)
    return "Say what happened, so the approvers can check it with you (a lost phone, a reset laptop…).";
  if (reason.length > 1000) return "Keep the reason under 1000 characters.";
  return null;
}
