import type { Db, Prisma } from "@disclose/db";
import {
  ACTIVITY_KINDS,
  actionsOfKind,
  activityOf,
  CASE_SUBJECT_TYPES,
  can,
  isCaseSubject,
} from "@disclose/domain";
import { z } from "zod";
import { actorOf } from "../../auth/actor";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { detailsOf } from "../cases/list-case-history";
import { displayName } from "../users/display-name";
import { assertMayReadAudit } from "./audit-access";

/** Events a page shows; older ones come with "Show older events" (`before`). */
export const AUDIT_PAGE_SIZE = 100;

/**
 * The filters as they arrive (a GET form's fields): plain strings, checked by listAuditEvents after the caller is
 * authorized, so a refused value is a BAD_INPUT naming its field, whoever asks.
 */
export const ZAuditEventsQuery = z.object({
  /** An account id, or "reporter" / "applicant" (to the distributors list) / "system". */
  person: z.string().optional(),
  /** An action ("case.accept") or a prefix ending in a dot ("case."). */
  action: z.string().optional(),
  subjectType: z.string().optional(),
  subjectId: z.string().optional(),
  /** UTC dates, YYYY-MM-DD, both included. */
  from: z.string().optional(),
  to: z.string().optional(),
  /** The `seq` of the oldest event shown so far. */
  before: z.string().optional(),
});
export type TAuditEventsQuery = z.infer<typeof ZAuditEventsQuery>;

const ZAuditEvent = z.object({
  seq: z.string(),
  at: z.date(),
  kind: z.enum(ACTIVITY_KINDS),
  label: z.string(),
  /** As logged, for the filter ("case.accept"). */
  action: z.string(),
  /** The event's own words where it has them (a transition's summary, a reason), never content. */
  details: z.string().nullable(),
  actor: z.object({
    kind: z.enum(["user", "reporter", "applicant", "system"]),
    id: z.string().nullable(),
    name: z.string(),
  }),
  subject: z.object({ type: z.string(), id: z.string().nullable() }),
});

export const ZAuditEvents = z.object({
  events: z.array(ZAuditEvent),
  /** Older events exist: ask again with `before` set to the last event's seq. */
  hasMore: z.boolean(),
  /** The accounts, for the person filter. */
  people: z.array(z.object({ id: z.string(), name: z.string() })),
  /** The actions the domain names, for the action filter's suggestions. */
  knownActions: z.array(z.object({ action: z.string(), label: z.string() })),
});
export type TAuditEvents = z.infer<typeof ZAuditEvents>;

const PERSON = /^[A-Za-z0-9_-]{1,64}$/;
const ACTION = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?$/;
const SUBJECT_TYPE = /^[a-z0-9_-]{1,40}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const SEQ = /^[1-9]\d{0,18}$/;
const MAX_SEQ = 9_223_372_036_854_775_807n;
const DAY_MS = 86_400_000;

const bad = (field: keyof TAuditEventsQuery, message: string): never => {
  throw new AppError(AppErrorCode.BAD_INPUT, message, { field });
};

/** "" and whitespace mean "not filtered" (an empty GET field). */
const given = (value: string | undefined): string | undefined => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

function utcDate(field: "from" | "to", value: string): Date {
  const match = DATE.exec(value);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  // Date.UTC rolls 2026-02-30 over into March: compare back to refuse it.
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    return bad(field, "Give a date as YYYY-MM-DD (UTC), e.g. 2026-12-01.");
  }
  return date;
}

/** The filters, checked: each refused value names its field. */
export function auditEventsWhere(
  query: TAuditEventsQuery,
  /** The caller may list cases (the PST); otherwise a case's id is no way in (the domain's isCaseSubject). */
  mayReadCases = true,
): {
  where: Prisma.AuditEventWhereInput;
  before: bigint | null;
} {
  const and: Prisma.AuditEventWhereInput[] = [];
  const person = given(query.person);
  if (person !== undefined) {
    if (person === "reporter" || person === "applicant" || person === "system")
      and.push({ actorKind: person });
    else if (PERSON.test(person)) and.push({ actorKind: "user", actorId: person });
    else bad("person", "Choose a person from the list, the reporter, an applicant or Disclose.");
  }
  const action = given(query.action);
  if (action !== undefined) {
    if (action.length > 100 || !ACTION.test(action)) {
      bad(
        "action",
        'An action is lower-case words joined by dots, e.g. "case.accept", or a prefix such as "case.".',
      );
    }
    and.push(action.endsWith(".") ? { action: { startsWith: action } } : { action });
  }
  const subjectType = given(query.subjectType);
  if (subjectType !== undefined) {
    if (!SUBJECT_TYPE.test(subjectType)) {
      bad("subjectType", 'A subject type is one lower-case word, e.g. "report" or "user".');
    }
    and.push({ subjectType });
  }
  const subjectId = given(query.subjectId);
  if (subjectId !== undefined) {
    // Ids are what the database made (UUIDs, cuids, public ids): printable, short.
    if (subjectId.length > 100 || !/^[\x21-\x7e]+$/.test(subjectId)) {
      bad("subjectId", "A subject id is up to 100 visible characters, without spaces.");
    }
    and.push({ subjectId });
    if (!mayReadCases) and.push({ subjectType: { notIn: [...CASE_SUBJECT_TYPES] } });
  }
  const fromText = given(query.from);
  const toText = given(query.to);
  const from = fromText === undefined ? undefined : utcDate("from", fromText);
  const to = toText === undefined ? undefined : utcDate("to", toText);
  if (from && to && from > to) bad("to", "The period ends before it starts: choose a later end date.");
  if (from || to) {
    and.push({
      occurredAt: {
        ...(from ? { gte: from } : {}),
        // The end date is included: up to the next day's midnight.
        ...(to ? { lt: new Date(to.getTime() + DAY_MS) } : {}),
      },
    });
  }
  const beforeText = given(query.before);
  let before: bigint | null = null;
  if (beforeText !== undefined) {
    if (!SEQ.test(beforeText) || BigInt(beforeText) > MAX_SEQ)
      bad("before", "That is not a position in the log.");
    before = BigInt(beforeText);
    and.push({ seq: { lt: before } });
  }
  return { where: and.length > 0 ? { AND: and } : {}, before };
}

/**
 * The whole audit log, newest first, paged by seq: who did what to which subject, when; filterable by person,
 * action (exact or a prefix), subject and period (UTC days). For the PST and admins (the domain's "audit.read"),
 * asserted before any input is looked at. The log holds no content, and only an event's own short words (a
 * transition's summary, a reason) are shown, as on a case's history page. An admin without the PST role holds no
 * case content: they see case events without the case's id or words, and cannot look a case up by id.
 */
export async function listAuditEvents({
  db,
  session,
  query,
}: {
  db: Db;
  session: SessionInfo;
  query: TAuditEventsQuery;
}): Promise<TAuditEvents> {
  assertMayReadAudit(session);
  const mayReadCases = can(actorOf(session), "case.list", { kind: "system" });
  const { where } = auditEventsWhere(query, mayReadCases);
  const [rows, users] = await Promise.all([
    db.auditEvent.findMany({
      where,
      orderBy: { seq: "desc" },
      take: AUDIT_PAGE_SIZE + 1,
      select: {
        seq: true,
        occurredAt: true,
        actorId: true,
        actorKind: true,
        action: true,
        subjectType: true,
        subjectId: true,
        data: true,
      },
    }),
    db.user.findMany({ select: { id: true, name: true, email: true } }),
  ]);
  const nameOf = new Map(users.map((u) => [u.id, displayName(u)]));
  const known = ACTIVITY_KINDS.flatMap((kind) => actionsOfKind(kind));
  return {
    hasMore: rows.length > AUDIT_PAGE_SIZE,
    people: users
      .map((u) => ({ id: u.id, name: nameOf.get(u.id) ?? u.id }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    knownActions: [...new Set(known)].sort().map((action) => ({ action, label: activityOf(action).label })),
    events: rows.slice(0, AUDIT_PAGE_SIZE).map((row) => {
      const activity = activityOf(row.action);
      const hidden = !mayReadCases && isCaseSubject(row.subjectType);
      const kind =
        row.actorKind === "reporter" || row.actorKind === "user" || row.actorKind === "applicant"
          ? row.actorKind
          : "system";
      return {
        seq: row.seq.toString(),
        at: row.occurredAt,
        kind: activity.kind,
        label: activity.label,
        action: row.action,
        details: hidden ? null : detailsOf(row.data),
        actor: {
          kind,
          id: row.actorId,
          name:
            kind === "reporter"
              ? "The reporter"
              : kind === "applicant"
                ? "An applicant"
                : kind === "system"
                  ? "Disclose"
                  : (nameOf.get(row.actorId ?? "") ?? "A former account"),
        },
        subject: { type: row.subjectType, id: hidden ? null : row.subjectId },
      };
    }),
  };
}
