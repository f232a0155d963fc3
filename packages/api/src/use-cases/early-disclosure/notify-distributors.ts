import { appendAuditEvent, type Db } from "@disclose/db";
import { enqueueEmails, renderEmail, type TEmailMessage } from "@disclose/email";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { applyCaseCommand } from "../cases/apply-case-command";
import { lockCaseRow } from "../cases/case-access";
import {
  assertQualifies,
  authorizeDisclosure,
  loadCurrentPatchVersions,
  RECEIVING_STATUSES,
} from "./disclosure-access";
import { emailedCopy, embargoCalendarAttachment } from "./notice-emails";
import { projectNameOf } from "./notify-organization";

export const ZNotifyDistributorsResult = z.object({
  /** Organisations notified by this call. */
  notified: z.number().int(),
  /** Emails written to the outbox (notices and PGP/MIME copies). */
  emails: z.number().int(),
  /** Chosen organisations still without a complete set of copies (not notified). */
  waitingForCopies: z.number().int(),
  /** Set when this call completed the disclosure: the case's new state. */
  caseState: z.string().nullable(),
  /** Why the case did not move to "distributors notified" although everyone is (e.g. the time has passed). */
  caseStateProblem: z.string().nullable(),
});
export type TNotifyDistributorsResult = z.infer<typeof ZNotifyDistributorsResult>;

/**
 * "Notify": every chosen organisation that holds copies of all the case's current patch versions and was not
 * notified yet gets the embargoed notice at once — its members and security contact, the link and the date only,
 * with the embargo end as an .ics — and, where it asked for them, its copies by PGP/MIME email. One transaction:
 * the notices of all organisations are written (and the receipts start) together or not at all. Once every chosen
 * organisation is notified, the case moves to "distributors notified" through the case's command path.
 */
export async function notifyDistributors({
  db,
  session,
  reportId,
  adminUrl,
  now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  adminUrl: string;
  now: Date;
}): Promise<TNotifyDistributorsResult> {
  const facts = await authorizeDisclosure(db, session, reportId);
  assertQualifies(facts);
  const disclosureAt = facts.disclosureAt;
  if (!disclosureAt || disclosureAt.getTime() <= now.getTime()) {
    throw new AppError(AppErrorCode.CONFLICT, "Agree a disclosure time in the future first.");
  }
  const projectName = await projectNameOf(db);
  const versions = await loadCurrentPatchVersions(db, facts.id);
  if (versions.length === 0) throw new AppError(AppErrorCode.CONFLICT, "The case has no patch to send yet.");

  const result = await db.$transaction(
    async (tx) => {
      await lockCaseRow(tx, facts.id, "share");
      // A second "Notify" (another tab, a retry) waits here and then finds nobody left to notify.
      await tx.$executeRaw`
        SELECT 1 FROM distributor_notifications
         WHERE case_id = ${facts.id}::uuid AND notified_at IS NULL FOR UPDATE`;
      const pending = await tx.distributorNotification.findMany({
        where: { caseId: facts.id, notifiedAt: null },
        select: {
          id: true,
          organizationId: true,
          copies: { select: { patchVersionId: true } },
          organization: {
            select: {
              status: true,
              securityContact: true,
              emailDelivery: true,
              teamKeyFingerprint: true,
              members: {
                where: { status: { not: "removed" }, user: { active: true } },
                select: { user: { select: { email: true } } },
              },
            },
          },
        },
      });
      const ready = pending.filter(
        (n) =>
          (RECEIVING_STATUSES as readonly string[]).includes(n.organization.status) &&
          versions.every((v) => n.copies.some((c) => c.patchVersionId === v.id)),
      );
      if (ready.length === 0) return { notified: [] as string[], emails: 0, waiting: pending.length };
      await tx.distributorNotification.updateMany({
        where: { id: { in: ready.map((n) => n.id) }, notifiedAt: null },
        data: { notifiedAt: now },
      });

      const notice = renderEmail("distributorCaseNotice", {
        projectName,
        caseId: facts.id,
        disclosureAt,
        adminUrl,
        kind: "notice",
      });
      const calendar = embargoCalendarAttachment({ caseId: facts.id, projectName, disclosureAt, now });
      const messages: TEmailMessage[] = [];
      for (const n of ready) {
        const { securityContact, members } = n.organization;
        const to = new Set([
          ...members.map((m) => m.user.email),
          ...(securityContact ? [securityContact] : []),
        ]);
        for (const address of to) messages.push({ to: address, ...notice, attachments: [calendar] });
      }
      // Copies by email too, where asked: to the security contact, as uploaded (encrypted to the team key among
      // others in the Fix Lead's browser; the server only armors the packets).
      const byEmail = ready.filter(
        (n) =>
          n.organization.emailDelivery && n.organization.securityContact && n.organization.teamKeyFingerprint,
      );
      if (byEmail.length > 0) {
        const copies = await tx.distributorCopy.findMany({
          where: {
            notificationId: { in: byEmail.map((n) => n.id) },
            patchVersionId: { in: versions.map((v) => v.id) },
          },
          select: { notificationId: true, ciphertext: true },
        });
        for (const copy of copies) {
          const n = byEmail.find((b) => b.id === copy.notificationId);
          if (!n?.organization.securityContact) continue;
          messages.push(
            emailedCopy(n.organization.securityContact, notice.subject, new Uint8Array(copy.ciphertext)),
          );
        }
      }
      await enqueueEmails(tx, messages);
      await appendAuditEvent(tx, {
        actorId: session.userId,
        actorKind: "user",
        action: "case.distributors_notified",
        subjectType: "report",
        subjectId: facts.id,
        data: { organizationIds: ready.map((n) => n.organizationId), emails: messages.length },
        occurredAt: now,
      });
      return {
        notified: ready.map((n) => n.organizationId),
        emails: messages.length,
        waiting: pending.length - ready.length,
      };
    },
    // Hundreds of organisations' notices are written here; the default 5 s would be tight on a slow disk.
    { timeout: 30_000 },
  );

  let caseState: string | null = null;
  let caseStateProblem: string | null = null;
  if (result.notified.length > 0 && result.waiting === 0 && facts.state === "fix-ready") {
    try {
      const applied = await applyCaseCommand({
        db,
        session,
        reportId: facts.id,
        command: { type: "notify-distributors" },
        extras: {},
        now,
      });
      caseState = applied.state;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      caseStateProblem = error.message;
    }
  }
  return {
    notified: result.notified.length,
    emails: result.emails,
    waitingForCopies: result.waiting,
    caseState,
    caseStateProblem,
  };
}
