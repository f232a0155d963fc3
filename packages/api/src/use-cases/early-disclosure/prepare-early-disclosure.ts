import { randomBytes, randomUUID } from "node:crypto";
import { appendAuditEvent, type Db } from "@disclose/db";
import { checkDistributorNotice, hasControlCharactersInText, markCodeFor } from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { checkCaseDisclosureTime, writeCaseDisclosureTime } from "../release/set-disclosure-time";
import { ensureCaseRow } from "../workspace/workspace-access";
import {
  assertQualifies,
  authorizeDisclosure,
  loadOrganizationRecipients,
  ZOrganizationId,
  ZReportId,
} from "./disclosure-access";

const safeText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `Write ${what} in at most ${max.toLocaleString("en")} characters.`)
    .refine((s) => !hasControlCharactersInText(s), `Remove the control characters from ${what}.`);

export const ZPrepareEarlyDisclosureInput = z.object({
  reportId: ZReportId,
  terms: safeText(10_000, "the terms").pipe(z.string().min(1, "Write the terms of the embargo.")),
  disclosureAt: z.date({ error: "Choose a valid date and time (UTC)." }),
  /** Why the notice is under 7 or over 14 days, when it is. */
  noticeReason: safeText(2000, "the reason").optional(),
  /** Why the disclosure falls on a Friday or a weekend, when it does (the release page's rule). */
  overrideReason: safeText(2000, "the reason").optional(),
  organizationIds: z
    .array(ZOrganizationId)
    .min(1, "Choose at least one organisation.")
    .max(500, "Choose at most 500 organisations."),
});
export type TPrepareEarlyDisclosureInput = z.infer<typeof ZPrepareEarlyDisclosureInput>;

export const ZPrepareResult = z.object({ warnings: z.array(z.string()), chosen: z.number().int() });

/**
 * The Fix Lead sets the embargo's terms and end (the case's agreed disclosure time, through the release page's
 * setter) and chooses the organisations; each chosen one waits for its copies (notifiedAt null). An organisation
 * already notified stays chosen; one not notified yet may be dropped.
 */
export async function prepareEarlyDisclosure({
  db,
  session,
  input,
  adminUrl,
  now,
  caseNow,
}: {
  db: Db;
  session: SessionInfo;
  input: TPrepareEarlyDisclosureInput;
  adminUrl: string;
  now: Date;
  caseNow: Date;
}): Promise<z.infer<typeof ZPrepareResult>> {
  const facts = await authorizeDisclosure(db, session, input.reportId);
  assertQualifies(facts);
  const reason = input.noticeReason ? input.noticeReason : null;
  const notice = checkDistributorNotice(input.disclosureAt, { now: caseNow, reason });
  if (!notice.ok) {
    throw new AppError(AppErrorCode.BAD_INPUT, notice.problems.join(" "), {
      field: notice.problems.some((p) => p.includes("passed")) ? "disclosureAt" : "noticeReason",
    });
  }
  const wanted = [...new Set(input.organizationIds.map((id) => id.toLowerCase()))];
  const organizations = await loadOrganizationRecipients(db, now, wanted);
  for (const id of wanted) {
    const org = organizations.find((o) => o.id === id);
    if (!org) {
      throw new AppError(AppErrorCode.BAD_INPUT, "One of the organisations chosen is not on the list.", {
        field: "organizationIds",
      });
    }
    if (org.cannotReceive) {
      throw new AppError(AppErrorCode.BAD_INPUT, `${org.name} cannot receive copies: ${org.cannotReceive}`, {
        field: "organizationIds",
      });
    }
  }
  const existing = await db.distributorNotification.findMany({
    where: { caseId: facts.id },
    select: { id: true, organizationId: true, notifiedAt: true },
  });
  const dropped = existing.filter((n) => !wanted.includes(n.organizationId));
  if (dropped.some((n) => n.notifiedAt !== null)) {
    throw new AppError(
      AppErrorCode.BAD_INPUT,
      "An organisation already notified cannot be taken off this disclosure: it has its copies.",
      { field: "organizationIds" },
    );
  }
  // The agreed disclosure time is the case's: checked as the release page's setter checks it (the Fix Lead may
  // set it, being the one who may run the disclosure), and written with the rest below, or none of it.
  const timeChanged = facts.disclosureAt?.getTime() !== input.disclosureAt.getTime();
  const checkedTime = timeChanged
    ? await checkCaseDisclosureTime(
        db,
        facts,
        { at: input.disclosureAt, ...(input.overrideReason ? { overrideReason: input.overrideReason } : {}) },
        caseNow,
      )
    : null;
  await db.$transaction(async (tx) => {
    await ensureCaseRow(tx, facts, caseNow);
    // Organisations already notified hear of a moved embargo end at once (the link and the new date only).
    const renotified = checkedTime
      ? await writeCaseDisclosureTime(tx, {
          facts,
          checked: checkedTime,
          actorId: session.userId,
          adminUrl,
          now,
          caseNow,
        })
      : [];
    await tx.caseDistributorDisclosure.upsert({
      where: { caseId: facts.id },
      create: {
        caseId: facts.id,
        terms: input.terms,
        noticeReason: notice.needsReason ? reason : null,
        createdById: session.userId,
        createdAt: now,
        updatedAt: now,
      },
      update: { terms: input.terms, noticeReason: notice.needsReason ? reason : null, updatedAt: now },
    });
    await tx.distributorNotification.deleteMany({
      where: { id: { in: dropped.map((n) => n.id) }, notifiedAt: null },
    });
    const added = wanted.filter((id) => !existing.some((n) => n.organizationId === id));
    await tx.distributorNotification.createMany({
      data: added.map((organizationId) => ({ id: randomUUID(), caseId: facts.id, organizationId })),
      skipDuplicates: true,
    });
    // Each organisation's mark, made once at its first disclosure: the browser puts it in every copy.
    for (const org of organizations) {
      if (org.markCode === null) {
        await tx.distributorOrganization.updateMany({
          where: { id: org.id, markCode: null },
          data: { markCode: markCodeFor(randomBytes(10)) },
        });
      }
    }
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "case.early_disclosure_prepared",
      subjectType: "report",
      subjectId: facts.id,
      data: {
        disclosureAt: input.disclosureAt.toISOString(),
        organizationIds: wanted,
        added,
        dropped: dropped.map((n) => n.organizationId),
        ...(renotified.length > 0 ? { renotified } : {}),
        ...(notice.needsReason && reason ? { noticeReason: reason } : {}),
      },
      occurredAt: now,
    });
  });
  return { warnings: [...notice.warnings, ...(checkedTime?.warnings ?? [])], chosen: wanted.length };
}
