import { type Db, txQuery } from "@disclose/db";
import { ACTIVITY_KINDS, type ActivityKind, actionsOfKind, activityOf } from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { displayName } from "../users/display-name";
import { authorizeCase } from "./case-access";

/** Events a page shows; older ones come with "Show older" (`before`). */
export const HISTORY_PAGE_SIZE = 100;

export const ZHistoryFilter = z.object({
  reportId: z.string().trim().min(1, "Choose a report.").max(64, "That is not a report id."),
  kind: z.enum(ACTIVITY_KINDS).optional(),
  /** An account id, or "reporter" / "system". */
  actor: z.string().trim().min(1).max(64).optional(),
  /** The `seq` of the oldest event shown so far. */
  before: z
    .string()
    .regex(/^\d{1,19}$/, "That is not a position in the history.")
    .optional(),
});
export type THistoryFilter = z.infer<typeof ZHistoryFilter>;

const ZHistoryEvent = z.object({
  seq: z.string(),
  at: z.date(),
  kind: z.enum(ACTIVITY_KINDS),
  label: z.string(),
  /** The event's own words where it has them (a transition's summary, a reason), never content. */
  details: z.string().nullable(),
  actor: z.object({
    kind: z.enum(["user", "reporter", "system"]),
    id: z.string().nullable(),
    name: z.string(),
  }),
});

export const ZCaseHistory = z.object({
  reportId: z.string(),
  /** Accepted as a case (the case's other pages exist). */
  isCase: z.boolean(),
  events: z.array(ZHistoryEvent),
  /** Older events exist: ask again with `before` set to the last event's seq. */
  hasMore: z.boolean(),
  /** Everyone who appears in this case's history, for the filter. */
  actors: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type TCaseHistory = z.infer<typeof ZCaseHistory>;

/** A short, plain detail from an event's data: a transition's summary or a reason; nothing else is shown. */
export function detailsOf(data: unknown): string | null {
  if (!data || typeof data !== "object") return null;
  const record = data as Record<string, unknown>;
  for (const key of ["summary", "reason", "note"]) {
    const value = record[key];
    if (typeof value === "string" && value.trim()) return value.slice(0, 500);
  }
  return null;
}

/**
 * A case's activity from the audit log, newest first: every change, every read, every message and what the
 * system did, filterable by kind and by person. For the PST and the case's Fix Lead and Fix Team (the domain's
 * `case.read-history`); anyone else gets the same NOT_FOUND as for a missing case. The log holds no content, so
 * neither does this.
 */
export async function listCaseHistory({
  db,
  session,
  filter,
}: {
  db: Db;
  session: SessionInfo;
  filter: THistoryFilter;
}): Promise<TCaseHistory> {
  const { facts } = await authorizeCase(db, session, filter.reportId, "case.read-history");
  const actorFilter =
    filter.actor === "reporter" || filter.actor === "system"
      ? { actorKind: filter.actor }
      : filter.actor
        ? { actorId: filter.actor }
        : {};
  const where = {
    subjectType: "report",
    subjectId: facts.id,
    ...(filter.kind ? { action: { in: actionsOfKind(filter.kind as ActivityKind) } } : {}),
    ...actorFilter,
  };
  const [rows, actorIds, kase] = await Promise.all([
    db.auditEvent.findMany({
      where: { ...where, ...(filter.before ? { seq: { lt: BigInt(filter.before) } } : {}) },
      orderBy: { seq: "desc" },
      take: HISTORY_PAGE_SIZE + 1,
      select: { seq: true, occurredAt: true, actorId: true, actorKind: true, action: true, data: true },
    }),
    // In SQL: Prisma's `distinct` would bring every user event of the case into JavaScript first.
    txQuery<{ actor_id: string }>(
      db,
      `SELECT DISTINCT actor_id FROM audit_events
        WHERE subject_type = 'report' AND subject_id = $1 AND actor_kind = 'user' AND actor_id IS NOT NULL`,
      [facts.id],
    ),
    db.case.findUnique({ where: { id: facts.id }, select: { id: true } }),
  ]);
  const people = await db.user.findMany({
    where: { id: { in: actorIds.map((a) => a.actor_id) } },
    select: { id: true, name: true, email: true },
  });
  const nameOf = new Map(people.map((p) => [p.id, displayName(p)]));
  const shown = rows.slice(0, HISTORY_PAGE_SIZE);
  return {
    reportId: facts.id,
    isCase: kase !== null,
    hasMore: rows.length > HISTORY_PAGE_SIZE,
    actors: people
      .map((p) => ({ id: p.id, name: nameOf.get(p.id) ?? p.id }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    events: shown.map((row) => {
      const activity = activityOf(row.action);
      const kind = row.actorKind === "reporter" ? "reporter" : row.actorKind === "user" ? "user" : "system";
      return {
        seq: row.seq.toString(),
        at: row.occurredAt,
        kind: activity.kind,
        label: activity.label,
        details: detailsOf(row.data),
        actor: {
          kind,
          id: row.actorId,
          name:
            kind === "reporter"
              ? "The reporter"
              : kind === "system"
                ? "Disclose"
                : (nameOf.get(row.actorId ?? "") ?? "A former account"),
        },
      };
    }),
  };
}
