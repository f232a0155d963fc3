import type { Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { assertMayReadAudit, mayVerifyAudit } from "./audit-access";
import { AUDIT_VERIFICATION_SELECT, toAuditVerification, ZAuditVerification } from "./verify-audit-chain";

export const ZAuditStatus = z.object({
  /** The newest verification (hourly, asked for, or the command's); null before the first. */
  latest: ZAuditVerification.nullable(),
  /** The chain's current head (as audit_head names it, not verified by this read); null for an empty log. */
  head: z.object({ seq: z.string(), hash: z.string() }).nullable(),
  /** The caller may ask for a verification now. */
  canVerify: z.boolean(),
});
export type TAuditStatus = z.infer<typeof ZAuditStatus>;

/** The audit log's verification status for the banner: the PST and admins (the domain's "audit.read"). */
export async function getAuditStatus({
  db,
  session,
}: {
  db: Db;
  session: SessionInfo;
}): Promise<TAuditStatus> {
  assertMayReadAudit(session);
  const [latest, head] = await Promise.all([
    db.auditVerification.findFirst({
      orderBy: [{ checkedAt: "desc" }, { id: "desc" }],
      select: AUDIT_VERIFICATION_SELECT,
    }),
    db.auditHead.findUnique({ where: { id: 1 }, select: { seq: true, hash: true } }),
  ]);
  return {
    latest: latest ? toAuditVerification(latest) : null,
    head: head ? { seq: head.seq.toString(), hash: head.hash } : null,
    canVerify: mayVerifyAudit(session),
  };
}
