import { appendAuditEvent, type Db } from "@disclose/db";
import {
  type AlertItem,
  type AlertStatus,
  type AlertSubject,
  CASE_STATE_LABELS,
  type CaseAlertInput,
  type CaseState,
  OPEN_STATES,
  type PlannedAlert,
  planAlerts,
  type SentAlert,
  TIMELINE_MILESTONE_POLICY,
} from "@disclose/domain";
import { type EmailTemplates, enqueueEmail, renderEmail } from "@disclose/email";
import { apiEnv, isProduction } from "../../env";
import { loadCaseTimeline } from "../cases/case-timeline";
import { remindCvePending } from "../cve-requests/remind-cve-pending";
import { remindDistributors } from "../early-disclosure/remind-distributors";
import { getSettings } from "../settings/get-settings";

type ReminderItem = EmailTemplates["dailyDigest"]["items"][number];

/** Serialises two runs (the cron and the test clock's route): each sees what the other recorded. */
const REMINDERS_LOCK_KEY = 0x72656d69n; // "remi"

/** What a label says for the acknowledgement (the milestones use the policy's own names). */
const ACKNOWLEDGEMENT_LABEL = "Acknowledge the report";

export interface TRemindersRun {
  /** Emails written to the outbox. */
  emails: number;
  /** Items recorded in sent_alerts (one per milestone, status and recipient; one per digest). */
  items: number;
  /** Open cases (and reports waiting for triage) looked at. */
  cases: number;
}

/** The UTC day of `now` (what a digest's key names). */
export function utcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** A sent_alerts key read back as what the domain's planner takes (alertKey's inverse); null if it is not one. */
export function sentAlertOfKey(key: string): SentAlert | null {
  const parts = key.split("|");
  if (parts.length !== 5) return null;
  const [caseRef, subject, status, due, recipientId] = parts as [string, string, string, string, string];
  const dueDate = due === "-" ? null : new Date(due);
  if (dueDate !== null && Number.isNaN(dueDate.getTime())) return null;
  return {
    caseRef: caseRef === "-" ? null : caseRef,
    subject: subject as AlertSubject,
    status: status as AlertStatus,
    due: dueDate,
    recipientId,
  };
}

/**
 * The scheduled reminders (every 15 minutes, and at once when the test clock moves), at `now` = the case clock:
 * for every open case (not closed, not a triage outcome; reports still in triage for their acknowledgement), the
 * domain's planner (planAlerts) says what is due: the acknowledgement before its clock runs out (to the PST),
 * due-soon and overdue milestones (to the Fix Lead and the PST), and once a UTC day a digest of everything due (to
 * the PST and each Fix Lead for their cases; every day to each PST member, with the audit chain's head, even when
 * nothing is due). What is already in sent_alerts is not sent again: one key per
 * item, status, due date and person, so a milestone is reminded once due soon and once overdue, and again only
 * if a recorded decision moves its date.
 *
 * Decisions:
 * - The new report alert is not sent from here. The worker's `alert-new-report` job sends it the moment the
 *   report is committed (alertPstOfNewReport; "URGENT" in its subject for a public disclosure) to every active
 *   PST member, including people who chose the digest only: the policy says IMMEDIATELY, and a digest could be
 *   a day late.
 * - People who chose the digest only (users.digest_only) get no single reminder, only the digest.
 * - Recipients are active accounts (in production, not demo accounts); PST members marked out of office get
 *   neither reminders nor the digest (the Fix Lead of a case still does).
 * - Audit: one `case.reminders_sent` event per case that got reminders (in the case's history: who was told
 *   about which milestone and status, by id), and one `alerts.digests_sent` event per run that sent digests.
 *   Ids, milestone ids, statuses and dates only: no address, no text.
 * - Emails carry the case's short id, the milestone's name, its status and due time (UTC), the case's state and
 *   a link to the case page: nothing from the report (the planner's output holds no free text).
 *
 * Everything (outbox messages, sent_alerts rows, audit events) is written in one transaction.
 */
export async function sendDueReminders({
  db,
  now,
  adminUrl = apiEnv().ADMIN_URL,
}: {
  db: Db;
  /** The case clock (caseClockNow). */
  now: Date;
  adminUrl?: string;
}): Promise<TRemindersRun> {
  const base = adminUrl.replace(/\/+$/, "");
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${REMINDERS_LOCK_KEY})`;
      const settings = await getSettings({ db: tx });
      const reports = await tx.report.findMany({
        where: { state: { in: [...OPEN_STATES] } },
        select: { id: true, state: true, receivedAt: true, acknowledgedAt: true, fixLeadId: true },
        orderBy: { receivedAt: "asc" },
      });
      const people = await tx.user.findMany({
        where: {
          active: true,
          ...(isProduction() ? { isDemo: false } : {}),
          OR: [
            { roles: { some: { role: "PST_MEMBER" } } },
            { id: { in: reports.flatMap((r) => (r.fixLeadId ? [r.fixLeadId] : [])) } },
          ],
        },
        select: {
          id: true,
          email: true,
          digestOnly: true,
          unavailableUntil: true,
          roles: { select: { role: true } },
        },
        orderBy: { id: "asc" },
      });
      const emailOf = new Map(people.map((p) => [p.id, p.email]));
      const pstIds = people
        .filter((p) => p.roles.some((r) => r.role === "PST_MEMBER"))
        .filter((p) => p.unavailableUntil === null || p.unavailableUntil <= now)
        .map((p) => p.id);
      const digestOnlyIds = people.filter((p) => p.digestOnly).map((p) => p.id);

      const cases: CaseAlertInput[] = [];
      const stateOf = new Map<string, CaseState>();
      for (const report of reports) {
        const loaded = await loadCaseTimeline(tx, report.id, now);
        if (!loaded) continue;
        const state = report.state as CaseState;
        stateOf.set(report.id, state);
        cases.push({
          caseRef: report.id,
          state,
          isPublic: loaded.input.isPublic,
          receivedAt: report.receivedAt,
          acknowledged: report.acknowledgedAt !== null,
          timeline: loaded.timeline,
          // A Fix Lead who cannot be mailed (deactivated) is not planned for.
          fixLeadId: report.fixLeadId && emailOf.has(report.fixLeadId) ? report.fixLeadId : null,
        });
      }

      const day = utcDay(now);
      const sentRows = await tx.sentAlert.findMany({
        where: {
          OR: [
            { caseId: { in: reports.map((r) => r.id) } },
            { caseId: null, key: { startsWith: `-|digest|daily|${day.toISOString()}|` } },
          ],
        },
        select: { key: true },
      });
      const sent = sentRows.flatMap((row) => sentAlertOfKey(row.key) ?? []);
      const planned = planAlerts(
        cases,
        { pstIds, digestOnlyIds },
        sent,
        { ackDeadlineHours: settings.ackDeadlineHours },
        now,
      ).filter((alert) => alert.kind !== "new-report");

      const toItem = (item: AlertItem): ReminderItem | null => {
        if (item.caseRef === null || item.due === null) return null;
        if (item.status !== "due-soon" && item.status !== "overdue") return null;
        const state = stateOf.get(item.caseRef);
        if (!state) return null;
        const label =
          item.subject === "acknowledgement"
            ? ACKNOWLEDGEMENT_LABEL
            : item.subject === "report" || item.subject === "digest"
              ? null
              : TIMELINE_MILESTONE_POLICY[item.subject].label;
        if (label === null) return null;
        return {
          caseShortId: item.caseRef.slice(0, 8),
          caseUrl: `${base}/reports/${item.caseRef}`,
          caseState: CASE_STATE_LABELS[state],
          label,
          status: item.status,
          due: item.due,
          asap: item.asap,
        };
      };

      const preferencesUrl = `${base}/people#reminders`;
      // Every PST digest carries the audit chain's head out of the server (read once: any head the chain held
      // stays in it, so the events this run appends below do not matter).
      const pstSet = new Set<string>(pstIds);
      const head = planned.some((a) => a.kind === "digest" && pstSet.has(a.recipientId))
        ? await tx.auditHead.findUnique({ where: { id: 1 }, select: { seq: true, hash: true } })
        : null;
      const perCase = new Map<string, { kind: string; recipientId: string; items: string[] }[]>();
      const digests: { recipientId: string; items: number }[] = [];
      const rows: { key: string; caseId: string | null; userId: string; sentAt: Date }[] = [];
      let emails = 0;
      for (const alert of planned) {
        const to = emailOf.get(alert.recipientId);
        if (!to) continue;
        const items = alert.items.flatMap((item) => toItem(item) ?? []);
        const pstDigest = alert.kind === "digest" && pstSet.has(alert.recipientId);
        // A PST member's digest goes out every day, even with nothing due (the domain's planDailyDigest).
        if (items.length === 0 && !pstDigest) continue;
        const rendered =
          alert.kind === "digest"
            ? renderEmail("dailyDigest", {
                day,
                items,
                preferencesUrl,
                ...(pstDigest ? { auditHead: head ? { seq: head.seq, hash: head.hash } : null } : {}),
              })
            : renderEmail("caseReminder", {
                kind: alert.kind === "acknowledgement" ? "acknowledgement" : "reminder",
                urgent: alert.urgent,
                items,
                preferencesUrl,
              });
        await enqueueEmail(tx, { to, ...rendered });
        emails += 1;
        record(alert, rows, perCase, digests, now);
      }
      if (rows.length > 0) await tx.sentAlert.createMany({ data: rows });
      for (const [caseId, alerts] of perCase) {
        await appendAuditEvent(tx, {
          actorKind: "system",
          action: "case.reminders_sent",
          subjectType: "report",
          subjectId: caseId,
          data: { alerts },
          occurredAt: now,
        });
      }
      if (digests.length > 0) {
        await appendAuditEvent(tx, {
          actorKind: "system",
          action: "alerts.digests_sent",
          subjectType: "system",
          data: { day: day.toISOString().slice(0, 10), digests },
          occurredAt: now,
        });
      }
      // Distributors notified of an early disclosure: acknowledge it, and the embargo ends within a day.
      emails += await remindDistributors(tx, { now, adminUrl: base });
      // CVE requests still without an ID two days on: the case's Fix Lead, every two days until the release.
      emails += await remindCvePending(tx, { now, adminUrl: base });
      return { emails, items: rows.length, cases: cases.length };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

/** The sent_alerts rows of one sent alert and what the audit events say of it (ids and enums only). */
function record(
  alert: PlannedAlert,
  rows: { key: string; caseId: string | null; userId: string; sentAt: Date }[],
  perCase: Map<string, { kind: string; recipientId: string; items: string[] }[]>,
  digests: { recipientId: string; items: number }[],
  now: Date,
): void {
  if (alert.kind === "digest") {
    for (const key of alert.keys) rows.push({ key, caseId: null, userId: alert.recipientId, sentAt: now });
    digests.push({ recipientId: alert.recipientId, items: alert.items.length });
    return;
  }
  alert.items.forEach((item, index) => {
    const key = alert.keys[index];
    if (key === undefined || item.caseRef === null) return;
    rows.push({ key, caseId: item.caseRef, userId: alert.recipientId, sentAt: now });
    const list = perCase.get(item.caseRef) ?? [];
    const entry = `${item.subject}/${item.status} due ${item.due?.toISOString() ?? "-"}`;
    const existing = list.find((a) => a.kind === alert.kind && a.recipientId === alert.recipientId);
    if (existing) existing.items.push(entry);
    else list.push({ kind: alert.kind, recipientId: alert.recipientId, items: [entry] });
    perCase.set(item.caseRef, list);
  });
}
