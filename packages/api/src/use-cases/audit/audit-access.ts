import { can } from "@disclose/domain";
import { actorOf } from "../../auth/actor";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";

// Who reads the global audit log and asks for a verification: the domain's "audit.read" and "audit.verify"
// (the PST and admins).

export function mayReadAudit(session: SessionInfo): boolean {
  return can(actorOf(session), "audit.read", { kind: "system" });
}

export function mayVerifyAudit(session: SessionInfo): boolean {
  return can(actorOf(session), "audit.verify", { kind: "system" });
}

export function assertMayReadAudit(session: SessionInfo): void {
  if (!mayReadAudit(session)) {
    throw new AppError(AppErrorCode.FORBIDDEN, "Only PST members and admins can read the audit log.");
  }
}

export function assertMayVerifyAudit(session: SessionInfo): void {
  if (!mayVerifyAudit(session)) {
    throw new AppError(AppErrorCode.FORBIDDEN, "Only PST members and admins can verify the audit log.");
  }
}
