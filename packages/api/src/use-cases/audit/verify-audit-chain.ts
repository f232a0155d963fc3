import { randomUUID } from "node:crypto";
import { type Db, verifyAuditChain } from "@disclose/db";
import { shouldAlertAuditBreak, type TAuditHeadRef } from "@disclose/domain";
import { enqueueEmail, renderEmail } from "@disclose/email";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { apiEnv, isProduction } from "../../env";
import { displayName } from "../users/display-name";
import { assertMayVerifyAudit } from "./audit-access";

/** Serialises storing verifications, so that two at once (the hour's and a person's) email one break once. */
const VERIFY_LOCK_KEY = 0x61766572n; // "aver"

export const AUDIT_VERIFICATION_TRIGGERS = ["scheduled", "manual", "command"] as const;
export type TAuditVerificationTrigger = (typeof AUDIT_VERIFICATION_TRIGGERS)[number];

/** A verification as the pages show it; seqs as strings (bigint). */
export const ZAuditVerification = z.object({
  id: z.string(),
  checkedAt: z.date(),
  ok: z.boolean(),
  /** Events verified (up to the break, when broken). */
  events: z.number().int(),
  failedSeq: z.string().nullable(),
  reason: z.string().nullable(),
  headSeq: z.string().nullable(),
  headHash: z.string().nullable(),
  trigger: z.enum(AUDIT_VERIFICATION_TRIGGERS),
  /** Who asked for it (a person on the audit page); null for the hourly check and the command. */
  checkedBy: z.string().nullable(),
  /** The PST was emailed about this break. */
  alerted: z.boolean(),
});
export type TAuditVerification = z.infer<typeof ZAuditVerification>;

export type TAuditVerificationRow = {
  id: string;
  checkedAt: Date;
  ok: boolean;
  events: number;
  failedSeq: bigint | null;
  reason: string | null;
  headSeq: bigint | null;
  headHash: string | null;
  trigger: string;
  alertedAt: Date | null;
  checkedBy: { name: string | null; email: string } | null;
};

export function toAuditVerification(row: TAuditVerificationRow): TAuditVerification {
  return {
    id: row.id,
    checkedAt: row.checkedAt,
    ok: row.ok,
    events: row.events,
    failedSeq: row.failedSeq?.toString() ?? null,
    reason: row.reason,
    headSeq: row.headSeq?.toString() ?? null,
    headHash: row.headHash,
    trigger: row.trigger as TAuditVerificationTrigger,
    checkedBy: row.checkedBy ? displayName(row.checkedBy) : null,
    alerted: row.alertedAt !== null,
  };
}

export const AUDIT_VERIFICATION_SELECT = {
  id: true,
  checkedAt: true,
  ok: true,
  events: true,
  failedSeq: true,
  reason: true,
  headSeq: true,
  headHash: true,
  trigger: true,
  alertedAt: true,
  checkedBy: { select: { name: true, email: true } },
} as const;

/** What a run did: the verification stored, and how many PST members were emailed (0 unless a new break). */
export interface TAuditVerificationRun {
  verification: TAuditVerification;
  emailed: number;
}

/** The reason column holds at most 2000 characters (a database check). */
const MAX_REASON = 2000;

/**
 * Verifies the audit chain (against `expectedHead` too, when a person gives a head hash kept from a digest),
 * stores the result in audit_verifications, and when the chain is broken emails every active PST member (in
 * production, not demo accounts) once per break: not again while the last settled verification is an emailed
 * break at the same event for the same reason (the domain's shouldAlertAuditBreak). The emails go through the
 * outbox in the transaction that stores the row and its alertedAt, so a break is emailed exactly once.
 *
 * For the worker and the command; a person's request goes through verifyAuditNow (authorized first).
 */
export async function runAuditVerification({
  db,
  trigger,
  now,
  checkedById = null,
  expectedHead,
  adminUrl = apiEnv().ADMIN_URL,
}: {
  db: Db;
  trigger: TAuditVerificationTrigger;
  now: Date;
  checkedById?: string | null;
  expectedHead?: TAuditHeadRef;
  adminUrl?: string;
}): Promise<TAuditVerificationRun> {
  const result = await verifyAuditChain(db, expectedHead ? { expectedHead } : {});
  const outcome = result.ok
    ? { ok: true, failedSeq: null, reason: null }
    : { ok: false, failedSeq: result.seq, reason: result.reason.slice(0, MAX_REASON) };
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${VERIFY_LOCK_KEY})`;
      const lastSettled = outcome.ok
        ? null
        : await tx.auditVerification.findFirst({
            where: { OR: [{ ok: true }, { alertedAt: { not: null } }] },
            orderBy: [{ checkedAt: "desc" }, { id: "desc" }],
            select: { ok: true, failedSeq: true, reason: true, alertedAt: true },
          });
      const alert = shouldAlertAuditBreak(outcome, lastSettled);
      let emailed = 0;
      if (alert && outcome.failedSeq !== null && outcome.reason !== null) {
        const pst = await tx.user.findMany({
          where: {
            active: true,
            ...(isProduction() ? { isDemo: false } : {}),
            roles: { some: { role: "PST_MEMBER" } },
          },
          select: { email: true },
          orderBy: { id: "asc" },
        });
        const rendered = renderEmail("auditChainBroken", {
          checkedAt: now,
          failedSeq: outcome.failedSeq,
          reason: outcome.reason,
          trigger,
          auditUrl: `${adminUrl.replace(/\/+$/, "")}/audit`,
        });
        for (const person of pst) await enqueueEmail(tx, { to: person.email, ...rendered });
        emailed = pst.length;
      }
      const row = await tx.auditVerification.create({
        data: {
          id: randomUUID(),
          checkedAt: now,
          ok: outcome.ok,
          events: result.count,
          failedSeq: outcome.failedSeq,
          reason: outcome.reason,
          headSeq: result.ok ? (result.head?.seq ?? null) : null,
          headHash: result.ok ? (result.head?.hash ?? null) : null,
          trigger,
          checkedById,
          alertedAt: alert ? now : null,
        },
        select: AUDIT_VERIFICATION_SELECT,
      });
      return { verification: toAuditVerification(row), emailed };
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
}

/** "Verify now" on the audit page: the PST and admins (the domain's "audit.verify"), asserted first. */
export async function verifyAuditNow({
  db,
  session,
  now,
  adminUrl,
}: {
  db: Db;
  session: SessionInfo;
  now: Date;
  adminUrl?: string;
}): Promise<TAuditVerification> {
  assertMayVerifyAudit(session);
  const run = await runAuditVerification({
    db,
    trigger: "manual",
    now,
    checkedById: session.userId,
    ...(adminUrl ? { adminUrl } : {}),
  });
  return run.verification;
}
