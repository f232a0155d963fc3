import type { DbTx } from "@disclose/db";
import { hasControlCharacters } from "@disclose/domain";
import { AppError, AppErrorCode } from "../../errors";
import { publishConfigFromEnv, type TPublishConfig, writeRevision } from "./store-published-advisory";

/** What the advisory model takes for a withdrawal's reason (ZAdvisoryStatus). */
export const WITHDRAWAL_REASON_MAX = 300;

function checkReason(reason: string): string {
  const trimmed = typeof reason === "string" ? reason.trim() : "";
  if (trimmed === "") {
    throw new AppError(AppErrorCode.BAD_INPUT, "Say why the advisory is withdrawn.", { field: "reason" });
  }
  if (trimmed.length > WITHDRAWAL_REASON_MAX) {
    throw new AppError(AppErrorCode.BAD_INPUT, `Say it in at most ${WITHDRAWAL_REASON_MAX} characters.`, {
      field: "reason",
    });
  }
  if (hasControlCharacters(trimmed)) {
    throw new AppError(AppErrorCode.BAD_INPUT, "The reason cannot contain control or invisible characters.", {
      field: "reason",
    });
  }
  return trimmed;
}

/**
 * Withdraws a published advisory: a new revision of the same content with status withdrawn (OSV `withdrawn`,
 * a CSAF note, the feeds and the page say so), signed like any other. The history stays; nothing is deleted.
 */
export async function withdrawAdvisory(
  tx: DbTx,
  options: { advisoryId: string; reason: string; actorId: string | null; now: Date; config?: TPublishConfig },
): Promise<{ advisoryId: string; publicId: string; revision: number }> {
  const reason = checkReason(options.reason);
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM advisories WHERE id::text = ${options.advisoryId} FOR UPDATE`;
  if (locked.length === 0) throw new AppError(AppErrorCode.NOT_FOUND, "There is no such advisory.");
  const existing = await tx.advisory.findUniqueOrThrow({
    where: { id: options.advisoryId },
    select: {
      id: true,
      caseId: true,
      publicId: true,
      revision: true,
      publishedAt: true,
      withdrawnAt: true,
      content: true,
    },
  });
  if (existing.withdrawnAt) {
    throw new AppError(AppErrorCode.CONFLICT, `${existing.publicId} is already withdrawn.`);
  }
  const summary = `Withdrawn: ${reason}`;
  return writeRevision(tx, {
    existing,
    caseId: existing.caseId,
    content: existing.content,
    revisionSummary: summary.length <= WITHDRAWAL_REASON_MAX ? summary : "Withdrawn.",
    status: { state: "withdrawn", reason, date: options.now.toISOString() },
    actorId: options.actorId,
    now: options.now,
    config: options.config ?? publishConfigFromEnv(),
  });
}
