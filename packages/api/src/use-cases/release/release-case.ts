import type { DbTx, Prisma } from "@disclose/db";
import { type CaseState, isFixDeveloped, type TCaseFacts } from "@disclose/domain";
import { AppError, AppErrorCode } from "../../errors";

/** States in which a case is worked on before its release: the notice, versions and disclosure time change then. */
export const BEFORE_RELEASE_STATES: readonly CaseState[] = [
  "accepted",
  "fix-in-progress",
  "fix-ready",
  "distributors-notified",
];

/** What the forthcoming-fix notice rule needs to know about a case. */
export function noticeContextOf(facts: TCaseFacts, now: Date) {
  return {
    state: facts.state,
    fixDeveloped: isFixDeveloped(facts),
    mitigationAvailable: facts.mitigationAvailable,
    now,
  };
}

/** Refuses a change once the fix is released (or the case closed): what was released is a matter of record. */
export function refuseAfterRelease(facts: TCaseFacts, what: string): void {
  if (facts.state === "released" || facts.state === "closed") {
    throw new AppError(AppErrorCode.CONFLICT, `The fix is released: ${what} can no longer change.`);
  }
  if (!BEFORE_RELEASE_STATES.includes(facts.state)) {
    throw new AppError(
      AppErrorCode.CONFLICT,
      `The report is not accepted as a case yet: ${what} comes later.`,
    );
  }
}

/**
 * Writes to the case record, creating it when a case was accepted some other way (an import, a fixture): the same
 * rule as the lifecycle's own milestones.
 */
export function updateCase(
  tx: DbTx,
  facts: TCaseFacts,
  data: Pick<
    Prisma.CaseUncheckedCreateInput,
    | "noticePublishedAt"
    | "noticeUrl"
    | "expectedReleaseAt"
    | "disclosureAt"
    | "disclosureOverrideReason"
    | "retrospectiveAt"
  >,
  now: Date,
) {
  return tx.case.upsert({
    where: { id: facts.id },
    create: { ...data, id: facts.id, openedAt: now, alreadyPublic: facts.isPublic },
    update: data,
  });
}

/** A moment people type must be a real one, not a typo decades away (the year 20260, the year 1970). */
export const SANE_FUTURE_MS = 366 * 24 * 3_600_000;
