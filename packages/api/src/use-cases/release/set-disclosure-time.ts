import { appendAuditEvent, type Db, type DbTx } from "@disclose/db";
import { checkDisclosureTime, hasControlCharactersInText } from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { authorizeCase } from "../cases/case-access";
import { loadCaseTimeline } from "../cases/case-timeline";
import { enqueueOrganizationNotice, projectNameOf } from "../early-disclosure/notify-organization";
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

type TFacts = Awaited<ReturnType<typeof authorizeCase>>["facts"];

/**
 * Checks a proposed disclosure time against the case (the domain refuses a time in the past, before the earliest
 * allowed release, or on a Friday or a weekend unless a reason is recorded) and returns what to write with its
 * warnings (outside the usual window, after the release due date). Writes nothing.
 */
export async function checkCaseDisclosureTime(
  db: Db,
  facts: TFacts,
  input: Pick<TSetDisclosureTimeInput, "at" | "overrideReason">,
  caseNow: Date,
): Promise<{ at: Date; overrideReason: string | null; warnings: string[] }> {
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
  return { at: input.at, overrideReason: check.overridden ? reason : null, warnings: [...check.warnings] };
}

/**
 * Writes a checked disclosure time and its audit entry inside the caller's transaction. Organisations already
 * notified of the case's early disclosure hear of a moved embargo end at once (the link and the new date only).
 * Returns the organisations told.
 */
export async function writeCaseDisclosureTime(
  tx: DbTx,
  options: {
    facts: TFacts;
    checked: { at: Date; overrideReason: string | null };
    actorId: string;
    adminUrl: string;
    now: Date;
    caseNow: Date;
  },
): Promise<string[]> {
  const { facts, checked } = options;
  await updateCase(
    tx,
    facts,
    { disclosureAt: checked.at, disclosureOverrideReason: checked.overrideReason },
    options.caseNow,
  );
  await appendAuditEvent(tx, {
    actorId: options.actorId,
    actorKind: "user",
    action: "case.disclosure_time_set",
    subjectType: "report",
    subjectId: facts.id,
    data: {
      at: checked.at.toISOString(),
      previous: facts.disclosureAt?.toISOString() ?? null,
      ...(checked.overrideReason ? { overrideReason: checked.overrideReason } : {}),
    },
    occurredAt: options.now,
  });
  if (facts.disclosureAt?.getTime() === checked.at.getTime()) return [];
  const notified = await tx.distributorNotification.findMany({
    where: { caseId: facts.id, notifiedAt: { not: null } },
    select: { organizationId: true },
  });
  if (notified.length === 0) return [];
  const projectName = await projectNameOf(tx);
  for (const n of notified) {
    await enqueueOrganizationNotice(tx, {
      organizationId: n.organizationId,
      caseId: facts.id,
      disclosureAt: checked.at,
      adminUrl: options.adminUrl,
      projectName,
      kind: "changed",
      now: options.now,
    });
  }
  return notified.map((n) => n.organizationId);
}

/**
 * Agrees the public disclosure time (UTC): the embargo ends then. The Fix Lead's, before release; audited with
 * the reason (see {@link checkCaseDisclosureTime} for what is refused and warned about).
 */
export async function setDisclosureTime({
  db,
  session,
  input,
  adminUrl,
  now,
  caseNow,
}: {
  db: Db;
  session: SessionInfo;
  input: TSetDisclosureTimeInput;
  adminUrl: string;
  /** The wall clock, for the audit log. */
  now: Date;
  /** The case clock: what "in the future" and the release milestone are measured against. */
  caseNow: Date;
}): Promise<z.infer<typeof ZDisclosureTimeResult>> {
  const { facts } = await authorizeCase(db, session, input.reportId, "embargo.set-disclosure-time");
  const checked = await checkCaseDisclosureTime(db, facts, input, caseNow);
  await db.$transaction((tx) =>
    writeCaseDisclosureTime(tx, { facts, checked, actorId: session.userId, adminUrl, now, caseNow }),
  );
  return checked;
}
