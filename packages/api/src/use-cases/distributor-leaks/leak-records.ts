import type { DbTx } from "@disclose/db";
import {
  hasControlCharactersInText,
  LEAK_DAMAGE,
  LEAK_DECISIONS,
  LEAK_STATES,
  type Leak,
  type LeakDamage,
  type LeakDecision,
  type LeakState,
  recommendedLeakDecision,
} from "@disclose/domain";
import { z } from "zod";
import { AppError, AppErrorCode } from "../../errors";
import { isUuid } from "../cases/case-access";

export const ZLeakId = z.string().trim().min(1, "Choose a leak.").max(64, "That is not a leak id.");

/** Plain text people write about a leak: no control or text-direction characters (they hide what is shown). */
export const plainText = (max: number, empty: string, long: string) =>
  z
    .string({ error: empty })
    .trim()
    .min(1, empty)
    .max(max, long)
    .refine((text) => !hasControlCharactersInText(text), "Remove the control characters.");

export const LEAK_SELECT = {
  id: true,
  caseId: true,
  organizationId: true,
  reportedById: true,
  reportedAt: true,
  what: true,
  toWhom: true,
  leakedAt: true,
  prevention: true,
  selfReported: true,
  state: true,
  damage: true,
  assessmentNotes: true,
  assessedById: true,
  assessedAt: true,
  decision: true,
  decisionReason: true,
  decidedById: true,
  decidedAt: true,
} as const;

export type TLeakRow = {
  id: string;
  caseId: string;
  organizationId: string | null;
  reportedById: string | null;
  reportedAt: Date;
  what: string;
  toWhom: string;
  leakedAt: Date;
  prevention: string;
  selfReported: boolean;
  state: string;
  damage: string | null;
  assessmentNotes: string | null;
  assessedById: string | null;
  assessedAt: Date | null;
  decision: string | null;
  decisionReason: string | null;
  decidedById: string | null;
  decidedAt: Date | null;
};

/** The domain's leak from its row. */
export function leakOf(row: TLeakRow): Leak {
  return {
    id: row.id,
    caseId: row.caseId,
    organizationId: row.organizationId,
    what: row.what,
    toWhom: row.toWhom,
    leakedAt: row.leakedAt,
    prevention: row.prevention,
    selfReported: row.selfReported,
    state: row.state as LeakState,
    reportedBy: row.reportedById ?? "",
    reportedAt: row.reportedAt,
    assessment:
      row.damage !== null && row.assessedAt !== null
        ? {
            damage: row.damage as LeakDamage,
            notes: row.assessmentNotes ?? "",
            by: row.assessedById ?? "",
            at: row.assessedAt,
          }
        : null,
    decision:
      row.decision !== null && row.decidedAt !== null
        ? {
            decision: row.decision as LeakDecision,
            reason: row.decisionReason ?? "",
            by: row.decidedById ?? "",
            at: row.decidedAt,
          }
        : null,
  };
}

export const ZLeakOut = z.object({
  id: z.string(),
  caseId: z.string(),
  organizationId: z.string().nullable(),
  organizationName: z.string().nullable(),
  reportedByName: z.string().nullable(),
  reportedAt: z.date(),
  what: z.string(),
  toWhom: z.string(),
  leakedAt: z.date(),
  prevention: z.string(),
  selfReported: z.boolean(),
  state: z.enum(LEAK_STATES),
  damage: z.enum(LEAK_DAMAGE).nullable(),
  assessmentNotes: z.string().nullable(),
  assessedAt: z.date().nullable(),
  decision: z.enum(LEAK_DECISIONS).nullable(),
  decisionReason: z.string().nullable(),
  decidedAt: z.date().nullable(),
  /** The domain's advice once assessed: "when in doubt, go public as soon as possible". */
  recommendedDecision: z.enum(LEAK_DECISIONS).nullable(),
});
export type TLeakOut = z.infer<typeof ZLeakOut>;

export function leakOut(
  row: TLeakRow & {
    organization: { name: string } | null;
    reportedBy: { name: string | null; email: string } | null;
  },
): TLeakOut {
  return {
    id: row.id,
    caseId: row.caseId,
    organizationId: row.organizationId,
    organizationName: row.organization?.name ?? null,
    reportedByName: row.reportedBy ? (row.reportedBy.name ?? row.reportedBy.email) : null,
    reportedAt: row.reportedAt,
    what: row.what,
    toWhom: row.toWhom,
    leakedAt: row.leakedAt,
    prevention: row.prevention,
    selfReported: row.selfReported,
    state: row.state as LeakState,
    damage: (row.damage as LeakDamage | null) ?? null,
    assessmentNotes: row.assessmentNotes,
    assessedAt: row.assessedAt,
    decision: (row.decision as LeakDecision | null) ?? null,
    decisionReason: row.decisionReason,
    decidedAt: row.decidedAt,
    recommendedDecision: row.damage ? recommendedLeakDecision(row.damage as LeakDamage) : null,
  };
}

/** A leak by id, or NOT_FOUND for a malformed or unknown id (authorization on its case comes next). */
export async function leakRow(tx: DbTx, leakId: string): Promise<TLeakRow> {
  const row = isUuid(leakId)
    ? await tx.distributorLeak.findUnique({ where: { id: leakId }, select: LEAK_SELECT })
    : null;
  if (!row) throw new AppError(AppErrorCode.NOT_FOUND, "There is no such leak report.", { field: "leakId" });
  return row;
}

/**
 * The leaks of a case decided "release early": what the release command's guard accepts as a reason to release
 * before the embargo ends (the lifecycle's releaseEarlyLeakIds).
 */
export async function releaseEarlyLeakIdsOf(
  tx: Pick<DbTx, "distributorLeak">,
  caseId: string,
): Promise<string[]> {
  if (!isUuid(caseId)) return [];
  const rows = await tx.distributorLeak.findMany({
    where: { caseId, state: "decided", decision: "release-early" },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}
