import { appendAuditEvent, type DbTx } from "@disclose/db";
import { distributorRemindersDue } from "@disclose/domain";
import { enqueueOrganizationNotice, projectNameOf } from "./notify-organization";

/**
 * The distributors' reminders, in the scheduled reminders run (its transaction and lock): an organisation that has
 * not acknowledged its notice two days on is reminded once (remindedAt), and every notified organisation hears
 * again in the day before the embargo ends (once per embargo end, by a sent_alerts key: a moved end reminds again).
 * Returns the emails written.
 */
export async function remindDistributors(
  tx: DbTx,
  { now, adminUrl }: { now: Date; adminUrl: string },
): Promise<number> {
  const notifications = await tx.distributorNotification.findMany({
    where: {
      notifiedAt: { not: null },
      organization: { status: { not: "removed" } },
      case: { openedFrom: { state: "distributors-notified" }, disclosureAt: { gt: now } },
    },
    select: {
      id: true,
      caseId: true,
      organizationId: true,
      notifiedAt: true,
      acknowledgedAt: true,
      remindedAt: true,
      case: { select: { disclosureAt: true } },
    },
  });
  if (notifications.length === 0) return 0;
  const projectName = await projectNameOf(tx);
  let emails = 0;
  for (const n of notifications) {
    const disclosureAt = n.case.disclosureAt;
    if (!n.notifiedAt || !disclosureAt) continue;
    const due = distributorRemindersDue(
      { notifiedAt: n.notifiedAt, acknowledgedAt: n.acknowledgedAt, remindedAt: n.remindedAt },
      { disclosureAt, now },
    );
    const sent: string[] = [];
    for (const kind of due) {
      if (kind === "acknowledge") {
        const claimed = await tx.distributorNotification.updateMany({
          where: { id: n.id, remindedAt: null },
          data: { remindedAt: now },
        });
        if (claimed.count === 0) continue;
      } else {
        const key = `distributor-ending|${n.id}|${disclosureAt.toISOString()}`;
        const claimed = await tx.sentAlert.createMany({
          data: [{ key, caseId: n.caseId, userId: n.organizationId, sentAt: now }],
          skipDuplicates: true,
        });
        if (claimed.count === 0) continue;
      }
      emails += await enqueueOrganizationNotice(tx, {
        organizationId: n.organizationId,
        caseId: n.caseId,
        disclosureAt,
        adminUrl,
        projectName,
        kind: kind === "acknowledge" ? "acknowledge" : "ending",
        now,
      });
      sent.push(kind);
    }
    if (sent.length > 0) {
      await appendAuditEvent(tx, {
        actorKind: "system",
        action: "case.distributors_reminded",
        subjectType: "report",
        subjectId: n.caseId,
        data: { organizationId: n.organizationId, reminders: sent },
        occurredAt: now,
      });
    }
  }
  return emails;
}
