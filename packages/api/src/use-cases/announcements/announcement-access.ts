import { can } from "@disclose/domain";
import { actorOf } from "../../auth/actor";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";

/**
 * The PST runs the announcements: who is subscribed (a count, never an address) and the text for other channels.
 * The domain has no announcement-wide action, so the PST's system-wide one stands in ("case.list": PST only).
 */
export function assertMayViewAnnouncements(session: SessionInfo): void {
  if (!can(actorOf(session), "case.list", { kind: "system" })) {
    throw new AppError(AppErrorCode.FORBIDDEN, "Only PST members see the security announcements.");
  }
}
