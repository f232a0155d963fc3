import { type CaseState, isTerminalState } from "../cases/states";
import { CASE_REF_PATTERN } from "../release/patch-name";
import { type Instant, toEpochMs } from "../time/utc";
import { acknowledgementClock } from "../timeline/acknowledgement";
import type { Timeline } from "../timeline/milestones";
import type { TimelineMilestoneId } from "../timeline/policy";

/**
 * Alerts and reminders go out by email, which is not end-to-end encrypted, so they carry no vulnerability
 * content: only case references, milestone ids (the template turns them into the policy's names), statuses and
 * dates. The planner's output is built from enums, dates and the branded ids below, which only the checks in this
 * file create, so no free text from a case (title, component, report) can reach an email through it.
 */
declare const caseRefBrand: unique symbol;
declare const userIdBrand: unique symbol;
export type AlertCaseRef = string & { readonly [caseRefBrand]: true };
export type AlertUserId = string & { readonly [userIdBrand]: true };

/** User ids as the database makes them (UUIDs, cuids): nothing a person typed. */
const USER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function toAlertCaseRef(ref: string): AlertCaseRef {
  if (!CASE_REF_PATTERN.test(ref))
    throw new RangeError("A case reference in an alert is letters, digits and hyphens.");
  return ref as AlertCaseRef;
}
export function toAlertUserId(id: string): AlertUserId {
  if (!USER_ID_PATTERN.test(id)) throw new RangeError("A user id in an alert is letters, digits, _ and -.");
  return id as AlertUserId;
}

export const ALERT_KINDS = [
  /** A report arrived: the PST is told at once (urgent for a public disclosure: "IMMEDIATELY"). */
  "new-report",
  /** The acknowledgement clock is about to run out, or has. */
  "acknowledgement",
  /** Milestones of the timeline due soon or overdue: the Fix Lead and the PST. */
  "reminder",
  /** Once a day: everything due, for everyone who receives alerts. */
  "digest",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export type AlertSubject = TimelineMilestoneId | "report" | "acknowledgement" | "digest";
export type AlertStatus = "received" | "due-soon" | "overdue" | "daily";

/** One line of an alert: which case, what, its status and when it is due. */
export interface AlertItem {
  readonly caseRef: AlertCaseRef | null;
  readonly subject: AlertSubject;
  readonly status: AlertStatus;
  /** Due date (digest: the UTC day it covers); null for a new report. */
  readonly due: Date | null;
  /** Due as soon as possible (public disclosure). */
  readonly asap: boolean;
}

export interface PlannedAlert {
  readonly kind: AlertKind;
  readonly recipientId: AlertUserId;
  /** Marked urgent in the subject line and headers: a public disclosure. */
  readonly urgent: boolean;
  readonly items: readonly AlertItem[];
  /** One key per item: the use-case records them (unique) so that nothing is ever sent twice. */
  readonly keys: readonly string[];
}

/** What was already sent: one record per item and recipient (what `keys` of a sent alert describe). */
export interface SentAlert {
  readonly caseRef: string | null;
  readonly subject: AlertSubject;
  readonly status: AlertStatus;
  readonly due: Date | null;
  readonly recipientId: string;
}

/**
 * The identity of an item sent to a person. The due date is part of it so that a milestone moved by a recorded
 * decision (slow-down, upstream dependency) is reminded again for its new date, but never twice for the same one.
 */
export function alertKey(sent: SentAlert): string {
  const due = sent.due === null ? "-" : sent.due.toISOString();
  return [sent.caseRef ?? "-", sent.subject, sent.status, due, sent.recipientId].join("|");
}

export interface CaseAlertInput {
  readonly caseRef: string;
  readonly state: CaseState;
  readonly isPublic: boolean;
  readonly receivedAt: Date;
  readonly acknowledged: boolean;
  /** computeTimeline(...) for the case at the same `now`. */
  readonly timeline: Timeline;
  readonly fixLeadId: string | null;
}

export interface AlertPeople {
  /** Current PST members (not those marked unavailable: the caller filters). */
  readonly pstIds: readonly string[];
  /** People who chose the daily digest only. */
  readonly digestOnlyIds: readonly string[];
}

export interface AlertSettings {
  readonly ackDeadlineHours: number;
  /** UTC hour from which the day's digest goes out; 07:00 UTC unless set. */
  readonly digestHourUtc?: number;
}

/** Remind about the acknowledgement in the last quarter of its window, at most 12 h before. */
export function acknowledgementDueSoonMs(ackDeadlineHours: number): number {
  return Math.min(12 * 3_600_000, (ackDeadlineHours * 3_600_000) / 4);
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

interface Draft {
  readonly kind: AlertKind;
  readonly recipients: readonly string[];
  readonly urgent: boolean;
  readonly items: readonly AlertItem[];
}

/** Drops, per recipient, the items already sent to them; an alert left with no item is not sent. */
function finish(drafts: readonly Draft[], sent: ReadonlySet<string>): PlannedAlert[] {
  const planned: PlannedAlert[] = [];
  for (const draft of drafts) {
    for (const recipient of unique(draft.recipients)) {
      const recipientId = toAlertUserId(recipient);
      const fresh = draft.items
        .map((item) => ({ item, key: alertKey({ ...item, recipientId }) }))
        .filter(({ key }) => !sent.has(key));
      if (fresh.length === 0) continue;
      planned.push({
        kind: draft.kind,
        recipientId,
        urgent: draft.urgent,
        items: fresh.map((f) => f.item),
        keys: fresh.map((f) => f.key),
      });
    }
  }
  return planned;
}

/** The items of a case that are due: pending acknowledgement and due-soon or overdue milestones. */
function dueItems(
  c: CaseAlertInput,
  settings: AlertSettings,
  now: number,
): {
  acknowledgement: AlertItem | null;
  milestones: AlertItem[];
} {
  const caseRef = toAlertCaseRef(c.caseRef);
  let acknowledgement: AlertItem | null = null;
  const clock = acknowledgementClock(
    { receivedAt: c.receivedAt, isPublic: c.isPublic, state: c.state, acknowledged: c.acknowledged },
    settings.ackDeadlineHours,
    now,
  );
  if (clock.dueAt !== null) {
    const remaining = clock.dueAt.getTime() - now;
    const status: AlertStatus | null = clock.overdue
      ? "overdue"
      : remaining <= acknowledgementDueSoonMs(settings.ackDeadlineHours)
        ? "due-soon"
        : null;
    if (status !== null) {
      acknowledgement = { caseRef, subject: "acknowledgement", status, due: clock.dueAt, asap: clock.asap };
    }
  }
  const milestones = c.timeline.milestones
    .filter((m) => (m.status === "due-soon" || m.status === "overdue") && m.due !== null)
    .map(
      (m): AlertItem => ({
        caseRef,
        subject: m.id,
        status: m.status as "due-soon" | "overdue",
        due: m.due as Date,
        asap: m.asap,
      }),
    );
  return { acknowledgement, milestones };
}

/**
 * The alerts one case needs now, besides the digest: a new report to the PST at once (urgent when public), the
 * acknowledgement before its clock runs out (a public report's urgent alert already says "now"), and reminders of
 * due-soon and overdue milestones to the Fix Lead and the PST. None for a closed or discarded case; none to people
 * who chose the digest only; nothing already sent.
 */
export function planCaseAlerts(
  c: CaseAlertInput,
  people: AlertPeople,
  sent: readonly SentAlert[],
  settings: AlertSettings,
  now: Instant,
): PlannedAlert[] {
  if (isTerminalState(c.state)) return [];
  const nowMs = toEpochMs(now);
  const caseRef = toAlertCaseRef(c.caseRef);
  const digestOnly = new Set(people.digestOnlyIds);
  const immediate = (ids: readonly string[]) => ids.filter((id) => !digestOnly.has(id));
  const drafts: Draft[] = [];
  if (c.state === "received") {
    drafts.push({
      kind: "new-report",
      recipients: immediate(people.pstIds),
      urgent: c.isPublic,
      items: [{ caseRef, subject: "report", status: "received", due: null, asap: c.isPublic }],
    });
  }
  const { acknowledgement, milestones } = dueItems(c, settings, nowMs);
  if (acknowledgement !== null && !c.isPublic) {
    drafts.push({
      kind: "acknowledgement",
      recipients: immediate(people.pstIds),
      urgent: false,
      items: [acknowledgement],
    });
  }
  if (milestones.length > 0) {
    drafts.push({
      kind: "reminder",
      recipients: immediate([...(c.fixLeadId === null ? [] : [c.fixLeadId]), ...people.pstIds]),
      urgent: milestones.some((m) => m.asap),
      items: milestones,
    });
  }
  return finish(drafts, new Set(sent.map(alertKey)));
}

const DEFAULT_DIGEST_HOUR_UTC = 7;

/**
 * The daily digest of what is due, once per UTC day per person, from `digestHourUtc` on: the PST sees every open
 * case, a Fix Lead outside the PST the cases they lead. Everyone gets it (digest-only people get nothing else).
 * A PST member gets it every day, even with nothing due: it carries the audit chain's head out of the server, so
 * a rewritten log can be caught later against a copy nobody on the server could change. Anyone else's empty
 * digest is not sent.
 */
export function planDailyDigest(
  cases: readonly CaseAlertInput[],
  people: AlertPeople,
  sent: readonly SentAlert[],
  settings: AlertSettings,
  now: Instant,
): PlannedAlert[] {
  const nowMs = toEpochMs(now);
  const nowDate = new Date(nowMs);
  const hour = settings.digestHourUtc ?? DEFAULT_DIGEST_HOUR_UTC;
  if (!Number.isInteger(hour) || hour < 0 || hour > 23)
    throw new RangeError("The digest hour is 0–23 (UTC).");
  if (nowDate.getUTCHours() < hour) return [];
  const day = new Date(Date.UTC(nowDate.getUTCFullYear(), nowDate.getUTCMonth(), nowDate.getUTCDate()));
  const open = cases.filter((c) => !isTerminalState(c.state));
  const perCase = open.map((c) => {
    const { acknowledgement, milestones } = dueItems(c, settings, nowMs);
    return { c, items: [...(acknowledgement ? [acknowledgement] : []), ...milestones] };
  });
  const recipients = unique([
    ...people.pstIds,
    ...open.map((c) => c.fixLeadId).filter((id): id is string => id !== null),
  ]);
  const pst = new Set(people.pstIds);
  const sentKeys = new Set(sent.map(alertKey));
  const planned: PlannedAlert[] = [];
  for (const recipient of recipients) {
    const recipientId = toAlertUserId(recipient);
    const marker: AlertItem = { caseRef: null, subject: "digest", status: "daily", due: day, asap: false };
    const key = alertKey({ ...marker, recipientId });
    if (sentKeys.has(key)) continue;
    const items = perCase
      .filter(({ c }) => pst.has(recipient) || c.fixLeadId === recipient)
      .flatMap(({ items }) => items)
      // Most pressing first: ASAP, then by due date.
      .sort(
        (a, b) => Number(b.asap) - Number(a.asap) || (a.due as Date).getTime() - (b.due as Date).getTime(),
      );
    if (items.length === 0 && !pst.has(recipient)) continue;
    planned.push({ kind: "digest", recipientId, urgent: false, items, keys: [key] });
  }
  return planned;
}

/** Everything to send now, for the scheduled job: each case's alerts, then the digests. */
export function planAlerts(
  cases: readonly CaseAlertInput[],
  people: AlertPeople,
  sent: readonly SentAlert[],
  settings: AlertSettings,
  now: Instant,
): PlannedAlert[] {
  return [
    ...cases.flatMap((c) => planCaseAlerts(c, people, sent, settings, now)),
    ...planDailyDigest(cases, people, sent, settings, now),
  ];
}
