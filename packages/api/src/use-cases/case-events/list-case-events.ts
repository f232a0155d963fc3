import type { Db } from "@disclose/db";
import {
  CASE_EVENT_KIND_LABELS,
  CASE_EVENT_KINDS,
  type CaseEventKind,
  can,
  caseEventRefusal,
} from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { authorizeCase } from "../cases/case-access";

export const ZCaseEventRow = z.object({
  id: z.string(),
  kind: z.enum(CASE_EVENT_KINDS),
  kindLabel: z.string(),
  occurredAt: z.date(),
  source: z.string(),
  recordedBy: z.string().nullable(),
  recordedAt: z.date(),
});

export const ZCaseEvents = z.object({
  reportId: z.string(),
  events: z.array(ZCaseEventRow),
  /** The caller's role on the case lets them record events. */
  mayRecord: z.boolean(),
  /** Why the case takes no events in its state (a triage outcome, not yet accepted), or null. */
  refusal: z.string().nullable(),
});
export type TCaseEvents = z.infer<typeof ZCaseEvents>;

/**
 * The case's "exploit public" and "attacks observed" events, oldest first (the order they happened in), for the
 * people who see the case's history; whether the caller may add one, and if the case's state refuses new ones.
 */
export async function listCaseEvents({
  db,
  session,
  reportId,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
}): Promise<TCaseEvents> {
  const { facts, actor } = await authorizeCase(db, session, reportId, "case.read-history");
  const rows = await db.caseEvent.findMany({
    where: { caseId: facts.id },
    select: {
      id: true,
      kind: true,
      occurredAt: true,
      source: true,
      recordedAt: true,
      recordedBy: { select: { name: true, email: true } },
    },
    orderBy: [{ occurredAt: "asc" }, { recordedAt: "asc" }, { id: "asc" }],
  });
  return {
    reportId: facts.id,
    events: rows.map((row) => {
      const kind = row.kind as CaseEventKind;
      return {
        id: row.id,
        kind,
        kindLabel: CASE_EVENT_KIND_LABELS[kind],
        occurredAt: row.occurredAt,
        source: row.source,
        // An account deleted since keeps the event (recorded_by_id set null): shown as unknown.
        recordedBy: row.recordedBy ? row.recordedBy.name || row.recordedBy.email : null,
        recordedAt: row.recordedAt,
      };
    }),
    mayRecord: can(actor, "case.record-exploitation", { kind: "case", case: facts }),
    refusal: caseEventRefusal(facts.state),
  };
}
