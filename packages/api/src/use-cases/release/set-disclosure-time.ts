import { appendAuditEvent, type Db } from "@disclose/db";
import { checkDisclosureTime, hasControlCharactersInText } from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { authorizeCase } from "../cases/case-access";
import { loadCaseTimeline } from "../cases/case-timeline";
import { refuseAfterRelease, SANE_FUTURE_MS, updateCase } from "./release-case";

export const ZSetDisclosureTimeInput = z.object({
  reportId: z.string().trim().min(1, "Choose a report.").max(64, "That is not a report id."),
  at: z.date({ error: "Choose a valid date and time (UTC)." }),
  /** Why it cannot wait for a weekday: needed for a Friday or a weekend. */
  overrideReason: z
    .string()
    .trim()
    .max(2000, "Say why in at most 2,000 characters.")
    .refine((s) => !hasControlCharactersInText(s), "Remove the control characters from the reason.")
    .optional(),
});
export type TSetDisclosureTimeInput = z.infer<typeof ZSetDisclosureTimeInput>;

export const ZDisclosureTimeResult = z.object({
  at: z.date(),
  overrideReason: z.string().nullable(),
  warnings: z.array(z.string()),
});

/**
 * Agrees the public disclosure time (UTC): the embargo ends then. The domain refuses a time in the past, before
 * the earliest allowed release, or on a Friday or a weekend unless a reason is recorded; warnings (outside the
 * usual window, after the release due date) are returned. The Fix Lead's, before release; audited with the reason.
 */
export async function setDisclosureTime({
  db,
  session,
  input,
  now,
  caseNow,
}: {
  db: Db;
  session: SessionInfo;
  input: TSetDisclosureTimeInput;
  /** The wall clock, for the audit log. */
  now: Date;
  /** The case clock: what "in the future" and the release milestone are measured against. */
  caseNow: Date;
}): Promise<z.infer<typeof ZDisclosureTimeResult>> {
  const { facts } = await authorizeCase(db, session, input.reportId, "embargo.set-disclosure-time");
  refuseAfterRelease(facts, "the disclosure time");
  if (input.at.getTime() > caseNow.getTime() + SANE_FUTURE_MS) {
    throw new AppError(AppErrorCode.BAD_INPUT, "Choose a disclosure time at most a year ahead.", {
      field: "at",
    });
  }
  const timeline = await loadCaseTimeline(db, facts.id, caseNow);
  const released = timeline?.timeline.milestones.find((m) => m.id === "released");
  const reason = input.overrideReason ? input.overrideReason : null;
  const check = checkDisclosureTime(input.at, {
    now: caseNow,
    earliest: released?.earliest ?? null,
    releaseDue: released?.due ?? null,
    override: reason ? { allowFridayOrWeekend: true, reason } : null,
  });
  if (!check.ok) {
    throw new AppError(AppErrorCode.BAD_INPUT, check.problems.join(" "), { field: "at" });
  }
  // The reason is kept only where it is needed: a weekday time needs no excuse.
  const overrideReason = check.overridden ? reason : null;
  return db.$transaction(async (tx) => {
    await updateCase(
      tx,
      facts,
      { disclosureAt: input.at, disclosureOverrideReason: overrideReason },
      caseNow,
    );
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "case.disclosure_time_set",
      subjectType: "report",
      subjectId: facts.id,
      data: {
        at: input.at.toISOString(),
        previous: facts.disclosureAt?.toISOString() ?? null,
        ...(overrideReason ? { overrideReason } : {}),
      },
      occurredAt: now,
    });
    return { at: input.at, overrideReason, warnings: [...check.warnings] };
  });
}
