import { appendAuditEvent, type Db } from "@disclose/db";
import { CvssError, type CvssScore, MAX_CVSS_VECTOR_LENGTH, scoreCvss } from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import {
  authorizeVulnerabilityCase,
  reachCvssScoredIfComplete,
  vulnerabilityOfCase,
  ZReportId,
  ZVulnerabilityId,
} from "./vulnerability-case";

export const ZSetCvssInput = z.object({
  reportId: ZReportId,
  vulnerabilityId: ZVulnerabilityId,
  /** The final vector (CVSS 3.0, 3.1 or 4.0), validated strictly by the domain; null clears it. */
  vector: z
    .string()
    .max(MAX_CVSS_VECTOR_LENGTH, `A CVSS vector is at most ${MAX_CVSS_VECTOR_LENGTH} characters.`)
    .nullable(),
});
export type TSetCvssInput = z.infer<typeof ZSetCvssInput>;

/** The domain's score of a vector, or its refusal (naming the metric at fault) as bad input. */
function scored(vector: string): CvssScore {
  try {
    return scoreCvss(vector);
  } catch (error) {
    if (error instanceof CvssError) {
      throw new AppError(AppErrorCode.BAD_INPUT, error.message, { field: "vector" });
    }
    throw error;
  }
}

/**
 * The Fix Lead's final call on one vulnerability's CVSS (the domain's cvss.finalize): a 3.0, 3.1 or 4.0 vector the
 * domain validates strictly, or null to clear it. The case's CVSS (the highest) follows; the first time every
 * vulnerability has a vector, the "cvss-scored" milestone is reached at the case clock's now. Audited from → to.
 */
export async function setCvss({
  db,
  session,
  input,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: TSetCvssInput;
  now: Date;
}): Promise<{
  vector: string | null;
  score: number | null;
  severity: CvssScore["severity"] | null;
  cvssScoredAt: Date | null;
}> {
  const score = input.vector === null ? null : scored(input.vector);
  return db.$transaction(async (tx) => {
    const { kase } = await authorizeVulnerabilityCase(tx, session, input.reportId, "cvss.finalize", {
      lock: true,
    });
    const vulnerability = await vulnerabilityOfCase(tx, kase.id, input.vulnerabilityId);
    const result = { vector: input.vector, score: score?.score ?? null, severity: score?.severity ?? null };
    if (vulnerability.cvssVector === input.vector) return { ...result, cvssScoredAt: kase.cvssScoredAt };
    await tx.vulnerability.updateMany({
      where: { id: vulnerability.id, caseId: kase.id },
      data: {
        cvssVector: input.vector,
        cvssScoredById: input.vector === null ? null : session.userId,
        cvssScoredAt: input.vector === null ? null : now,
      },
    });
    const reached = await reachCvssScoredIfComplete(tx, kase, now);
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "case.cvss_set",
      subjectType: "report",
      subjectId: kase.id,
      data: {
        vulnerabilityId: vulnerability.id,
        position: vulnerability.position,
        from: vulnerability.cvssVector,
        to: input.vector,
        score: result.score,
        ...(reached ? { milestone: "cvss-scored" } : {}),
        summary: `Vulnerability ${vulnerability.position}: ${
          score ? `CVSS ${score.score.toFixed(1)} ${score.severity}` : "CVSS cleared"
        }${reached ? " (every vulnerability scored)" : ""}`,
      },
      occurredAt: now,
    });
    return { ...result, cvssScoredAt: reached ? now : kase.cvssScoredAt };
  });
}
