import { appendAuditEvent, type Db, type Prisma, txQuery } from "@disclose/db";
import {
  acknowledgementClock,
  CASE_STATE_LABELS,
  CASE_STATES,
  type CaseState,
  OPEN_STATES,
} from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { serveItem } from "../access/key-packets";
import { getSettings } from "../settings/get-settings";
import { caseListScope, resolveReportId } from "./case-access";
import { CASE_CVES_SELECT, caseCveLine } from "./case-cves";

export const INBOX_PAGE_SIZE = 25;
/** Counting every open report costs a scan; beyond this many the inbox says "more than" instead. */
export const INBOX_COUNT_CAP = 1000;

export const ZInboxFilter = z.object({
  /** Which states; empty = the open ones (not decided against, not closed). */
  states: z.array(z.enum(CASE_STATES)).max(CASE_STATES.length).default([]),
  publicOnly: z.boolean().default(false),
  /**
   * Searches metadata only (the id or its first 8+ hex digits as shown, CVE ID, public link, notification
   * address): the content is encrypted.
   */
  search: z.string().trim().max(200, "Search for at most 200 characters.").default(""),
  page: z.number().int().min(1).max(10_000).default(1),
});
export type TInboxFilter = z.infer<typeof ZInboxFilter>;

export const ZInboxRow = z.object({
  id: z.string(),
  state: z.enum(CASE_STATES),
  stateLabel: z.string(),
  receivedAt: z.date(),
  alreadyPublic: z.boolean(),
  /** Public disclosure of an open case: every deadline is now. */
  asap: z.boolean(),
  /** When the acknowledgement is due (received, not yet acknowledged); null once acknowledged or decided. */
  ackDueAt: z.date().nullable(),
  ackOverdue: z.boolean(),
  fixLeadName: z.string().nullable(),
  cveId: z.string().nullable(),
  attachments: z.number().int(),
  messages: z.number().int(),
  /** {title, component} encrypted, carrying only the caller's session-key packets; null when none yet. */
  summary: z.string().nullable(),
  /** The reporter wrote since the caller last opened the report. */
  unread: z.boolean(),
  /** The team asked the reporter for more information and awaits the answer. */
  waitingOnReporter: z.boolean(),
  /** Mail encrypted only to keys no one here holds: kept, but nobody can read it (the report page says why). */
  unreadable: z.boolean(),
  /** The report came to the security mailbox (the conversation with the reporter is by email). */
  byEmail: z.boolean(),
});
export const ZInbox = z.object({
  rows: z.array(ZInboxRow),
  page: z.number().int(),
  /** Matching reports, counted up to INBOX_COUNT_CAP; `totalIsExact` false means "more than that". */
  total: z.number().int(),
  totalIsExact: z.boolean(),
  hasNextPage: z.boolean(),
  ackDeadlineHours: z.number().int(),
});
export type TInbox = z.infer<typeof ZInbox>;

/**
 * The report inbox: the PST sees every report, a Fix Team member or Fix Lead only their cases. Public
 * disclosures come first (ASAP), then the newest. Listing reads metadata only, so it is not a read of a report.
 */
export async function listInbox({
  db,
  session,
  filter,
  now,
}: {
  db: Db;
  session: SessionInfo;
  filter: TInboxFilter;
  now: Date;
}): Promise<TInbox> {
  const scope = caseListScope(session);
  const search = await searchWhere(db, filter.search);
  const where: Prisma.ReportWhereInput = {
    AND: [
      scope,
      // A search for a report's id finds it whatever its state.
      search.byId ? {} : { state: { in: filter.states.length > 0 ? filter.states : [...OPEN_STATES] } },
      filter.publicOnly ? { alreadyPublic: true } : {},
      search.where,
    ],
  };
  const [{ ackDeadlineHours }, counted, rows] = await Promise.all([
    getSettings({ db }),
    // A bounded count: the first page stays fast with any number of reports.
    db.report.findMany({ where, select: { id: true }, take: INBOX_COUNT_CAP + 1 }),
    db.report.findMany({
      where,
      orderBy: [{ alreadyPublic: "desc" }, { receivedAt: "desc" }, { id: "asc" }],
      skip: (filter.page - 1) * INBOX_PAGE_SIZE,
      take: INBOX_PAGE_SIZE,
      select: {
        id: true,
        state: true,
        receivedAt: true,
        alreadyPublic: true,
        acknowledgedAt: true,
        case: CASE_CVES_SELECT,
        summary: true,
        waitingOnReporterSince: true,
        unheldKeys: true,
        source: true,
        fixLead: { select: { name: true, email: true } },
        reads: { where: { userId: session.userId }, select: { lastReadAt: true } },
        messages: {
          where: { author: "reporter" },
          orderBy: { createdAt: "desc" },
          take: 1,
          select: { createdAt: true },
        },
        _count: { select: { attachments: true, messages: true } },
      },
    }),
  ]);
  const summaries = await summariesFor(db, session.userId, rows);
  // Listing is audited once per page view (which rows were shown), not as a read of every report.
  await appendAuditEvent(db, {
    actorId: session.userId,
    actorKind: "user",
    action: "case.list_viewed",
    subjectType: "inbox",
    data: { page: filter.page, reportIds: rows.map((r) => r.id), summariesServed: summaries.size },
    occurredAt: now,
  });
  return {
    rows: rows.map((r) => {
      const state = r.state as CaseState;
      const clock = acknowledgementClock(
        {
          receivedAt: r.receivedAt,
          isPublic: r.alreadyPublic,
          state,
          acknowledged: r.acknowledgedAt !== null,
        },
        ackDeadlineHours,
        now,
      );
      return {
        id: r.id,
        state,
        stateLabel: CASE_STATE_LABELS[state],
        receivedAt: r.receivedAt,
        alreadyPublic: r.alreadyPublic,
        asap: clock.asap,
        ackDueAt: clock.dueAt,
        ackOverdue: clock.overdue,
        fixLeadName: r.fixLead ? (r.fixLead.name ?? r.fixLead.email) : null,
        cveId: caseCveLine(r.case),
        attachments: r._count.attachments,
        messages: r._count.messages,
        summary: summaries.get(r.id) ?? null,
        unread:
          (r.messages[0]?.createdAt ?? null) !== null &&
          (r.reads[0] === undefined || (r.messages[0]?.createdAt ?? now) > r.reads[0].lastReadAt),
        waitingOnReporter: r.waitingOnReporterSince !== null,
        // Until someone who can (a retired key's owner, a team key) opens it and writes its summary.
        unreadable: (r.unheldKeys?.length ?? 0) > 0 && r.summary === null,
        byEmail: r.source === "email",
      };
    }),
    page: filter.page,
    total: Math.min(counted.length, INBOX_COUNT_CAP),
    totalIsExact: counted.length <= INBOX_COUNT_CAP,
    hasNextPage:
      rows.length === INBOX_PAGE_SIZE &&
      (counted.length > INBOX_COUNT_CAP || filter.page * INBOX_PAGE_SIZE < counted.length),
    ackDeadlineHours,
  };
}

/** Each row's summary as the caller may open it: their own session-key packets before its data. */
async function summariesFor(
  db: Db,
  userId: string,
  rows: readonly { id: string; summary: string | null }[],
): Promise<Map<string, string>> {
  const withSummary = rows.filter((r) => r.summary !== null);
  if (withSummary.length === 0) return new Map();
  const packets = await txQuery<{ item_id: string; packets: Uint8Array }>(
    db,
    `SELECT item_id, packets FROM key_packets
      WHERE item_kind = 'summary' AND item_id = ANY($1::uuid[]) AND reader = 'staff' AND user_id = $2
      ORDER BY created_at`,
    [withSummary.map((r) => r.id), userId],
  );
  const byItem = new Map<string, Uint8Array[]>();
  for (const p of packets)
    byItem.set(p.item_id, [...(byItem.get(p.item_id) ?? []), new Uint8Array(p.packets)]);
  const served = new Map<string, string>();
  for (const row of withSummary) {
    const text = await serveItem(row.summary as string, byItem.get(row.id));
    if (text) served.set(row.id, text);
  }
  return served;
}

async function searchWhere(
  db: Db,
  search: string,
): Promise<{ where: Prisma.ReportWhereInput; byId: boolean }> {
  if (!search) return { where: {}, byId: false };
  const id = await resolveReportId(db, search);
  if (id) return { where: { id }, byId: true };
  return {
    where: {
      OR: [
        { case: { vulnerabilities: { some: { cveId: { contains: search, mode: "insensitive" } } } } },
        { publicUrl: { contains: search, mode: "insensitive" } },
        { notifyEmail: { contains: search, mode: "insensitive" } },
      ],
    },
    byId: false,
  };
}
