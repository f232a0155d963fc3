import type { Db } from "@disclose/db";
import {
  CASE_OUTCOMES,
  CASE_SEVERITIES,
  can,
  DAY_MS,
  METRIC_IDS,
  METRIC_STATUSES,
  metricsCaseRow,
  summarizeMetrics,
  type TMetricsSummary,
  VULTRON_DESIDERATUM_IDS,
  VULTRON_STATUSES,
} from "@disclose/domain";
import { z } from "zod";
import { actorOf } from "../../auth/actor";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { createAuditHeadCache } from "../cache/audit-head-cache";
import { getSettings } from "../settings/get-settings";
import { loadCaseHistories, loadCaseHistoryPage } from "./load-case-histories";

/** The longest period one request may cover: ten years of cases is still one query. */
const MAX_PERIOD_DAYS = 3660;
/** Cases per page of the page's case table. */
export const METRICS_CASES_PAGE_SIZE = 50;

const ZDay = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date as YYYY-MM-DD.")
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    "That date does not exist.",
  );

/**
 * A period of whole UTC days, both ends included (the form's "from" and "to"); without them, the year up to
 * today (the case clock's day).
 */
export const ZMetricsPeriod = z
  .object({
    from: ZDay.optional(),
    to: ZDay.optional(),
    /** Page of the case table, from 1. */
    page: z.number().int("Choose a page.").min(1, "Choose a page.").max(100_000, "Choose a page.").default(1),
  })
  .superRefine((p, ctx) => {
    if ((p.from === undefined) !== (p.to === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: [p.from === undefined ? "from" : "to"],
        message: "Choose both days.",
      });
      return;
    }
    if (p.from === undefined) return;
    const from = Date.parse(`${p.from}T00:00:00Z`);
    const to = Date.parse(`${p.to}T00:00:00Z`);
    if (to < from) ctx.addIssue({ code: "custom", path: ["to"], message: "The end is before the start." });
    else if ((to - from) / DAY_MS + 1 > MAX_PERIOD_DAYS) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "Choose a period of at most ten years." });
    }
  });
export type TMetricsPeriod = z.input<typeof ZMetricsPeriod>;

const ZStats = z.object({ count: z.number(), medianMs: z.number().nullable(), p90Ms: z.number().nullable() });
const ZOnTime = z.object({
  onTime: z.number(),
  late: z.number(),
  overdue: z.number(),
  open: z.number(),
  onTimeRate: z.number().nullable(),
});
const perId = <K extends string, T extends z.ZodType>(ids: readonly K[], value: T) =>
  z.object(Object.fromEntries(ids.map((id) => [id, value])) as Record<K, T>);

export const ZMetricsCaseRow = z.object({
  id: z.string(),
  receivedAt: z.string(),
  state: z.string(),
  cvssScore: z.number().nullable(),
  severity: z.enum(CASE_SEVERITIES),
  outcome: z.enum(CASE_OUTCOMES),
  fixReopens: z.number(),
  durationsMs: perId(METRIC_IDS, z.number().nullable()),
  statuses: perId(METRIC_IDS, z.enum(METRIC_STATUSES)),
  adjusted: perId(METRIC_IDS, z.enum(["slow-down", "upstream-dependency"]).nullable()),
  publicAwareAt: z.string().nullable(),
  vultron: perId(VULTRON_DESIDERATUM_IDS, z.enum(VULTRON_STATUSES)),
});

export const ZMetricsView = z.object({
  period: z.object({ from: z.string(), to: z.string() }),
  /** The period's days as the form shows them (YYYY-MM-DD, both included). */
  days: z.object({ from: z.string(), to: z.string() }),
  generatedAt: z.string(),
  ackDeadlineHours: z.number(),
  cases: z.number(),
  milestones: z.array(
    z.object({
      id: z.enum(METRIC_IDS),
      label: z.string(),
      reached: z.number(),
      duration: ZStats,
      policy: ZOnTime,
      adjusted: z.object({ "slow-down": ZOnTime, "upstream-dependency": ZOnTime }),
      notApplicable: z.number(),
    }),
  ),
  bySeverity: perId(CASE_SEVERITIES, z.number()),
  byOutcome: perId(CASE_OUTCOMES, z.number()),
  distributors: z.object({
    notifications: z.number(),
    organizations: z.number(),
    acknowledged: z.number(),
    neverAcknowledged: z.number(),
    timeToAcknowledge: ZStats,
    downloaded: z.number(),
    timeToFirstDownload: ZStats,
    withFeedback: z.number(),
    feedbackRate: z.number().nullable(),
  }),
  vultron: z.array(
    z.object({
      id: z.enum(VULTRON_DESIDERATUM_IDS as [string, ...string[]]),
      label: z.string(),
      met: z.number(),
      broken: z.number(),
      pending: z.number(),
      shareMet: z.number().nullable(),
    }),
  ),
  monthly: z.array(
    z.object({
      month: z.string(),
      received: z.number(),
      released: z.number(),
      medianTimeToReleaseMs: z.number().nullable(),
    }),
  ),
  /** One page of the cases, newest first. */
  caseRows: z.array(ZMetricsCaseRow),
  page: z.number(),
  pages: z.number(),
});
export type TMetricsView = z.infer<typeof ZMetricsView>;

/** The metrics are the PST's (the same system-wide right as the case list). */
export function assertMayViewMetrics(session: SessionInfo): void {
  if (!can(actorOf(session), "case.list", { kind: "system" })) {
    throw new AppError(AppErrorCode.FORBIDDEN, "Only PST members see the metrics.");
  }
}

/** The period's days: as given, or the 365 days up to `now`'s UTC day. */
export function periodDays(
  period: { from?: string | undefined; to?: string | undefined },
  now: Date,
): { from: string; to: string } {
  if (period.from && period.to) return { from: period.from, to: period.to };
  const to = now.toISOString().slice(0, 10);
  return { from: new Date(Date.parse(`${to}T00:00:00Z`) - 364 * DAY_MS).toISOString().slice(0, 10), to };
}

/** The period's bounds as instants: [from 00:00 UTC, the day after `to` 00:00 UTC). */
export function periodBounds(period: { from: string; to: string }): { from: Date; to: Date } {
  return {
    from: new Date(`${period.from}T00:00:00Z`),
    to: new Date(Date.parse(`${period.to}T00:00:00Z`) + DAY_MS),
  };
}

/** The domain's summary of the cases received in the period (the SQL path: loadCaseHistories). */
export async function summarizePeriod(
  db: Db,
  period: { from: string; to: string },
  now: Date,
  options: { withoutRows?: boolean } = {},
): Promise<TMetricsSummary> {
  const bounds = periodBounds(period);
  const [histories, settings] = await Promise.all([loadCaseHistories(db, bounds), getSettings({ db })]);
  return summarizeMetrics(histories, {
    ...bounds,
    now,
    ackDeadlineHours: settings.ackDeadlineHours,
    withoutRows: options.withoutRows ?? false,
  });
}

// Kept without the per-case rows (10,000 of them held about 45 MB of the app's 256 MB heap).
const recentSummaries = createAuditHeadCache<TMetricsSummary>({ max: 4 });

/**
 * The period's summary, computed again only after a change or in a new minute (see createAuditHeadCache): ten
 * thousand cases take a second to load and summarise on a busy two-core machine.
 */
export function cachedSummary(
  db: Db,
  period: { from: string; to: string },
  now: Date,
): Promise<TMetricsSummary> {
  return recentSummaries(db, `${period.from}|${period.to}`, now, (minute) =>
    summarizePeriod(db, period, minute, { withoutRows: true }),
  );
}

/**
 * The metrics page: every figure of the period, and one page of its cases (the CSV export has them all).
 */
export async function getMetrics({
  db,
  session,
  period,
  now,
}: {
  db: Db;
  session: SessionInfo;
  period: z.output<typeof ZMetricsPeriod>;
  now: Date;
}): Promise<TMetricsView> {
  assertMayViewMetrics(session);
  const days = periodDays(period, now);
  // Authorized first; a page of the view is the same for every PST member until something changes.
  return recentViews(db, `${days.from}|${days.to}|${period.page}`, now, (minute) =>
    metricsView(db, days, period.page, minute),
  );
}

// A page's view: the summary's figures and 50 cases (a few tens of kB).
const recentViews = createAuditHeadCache<TMetricsView>({ max: 16 });

async function metricsView(
  db: Db,
  days: { from: string; to: string },
  requestedPage: number,
  now: Date,
): Promise<TMetricsView> {
  const { rows: _none, distributors, ...summary } = await cachedSummary(db, days, now);
  const pages = Math.max(1, Math.ceil(summary.cases / METRICS_CASES_PAGE_SIZE));
  const page = Math.min(requestedPage, pages);
  // The page's cases on their own: 50 histories, read and computed by themselves.
  const [pageCases, settings] = await Promise.all([
    loadCaseHistoryPage(db, periodBounds(days), {
      limit: METRICS_CASES_PAGE_SIZE,
      offset: (page - 1) * METRICS_CASES_PAGE_SIZE,
    }),
    getSettings({ db }),
  ]);
  const caseRows = pageCases.map((h) =>
    metricsCaseRow(h, { now, ackDeadlineHours: settings.ackDeadlineHours }),
  );
  return {
    ...summary,
    days,
    distributors: {
      notifications: distributors.notifications,
      organizations: distributors.organizations,
      acknowledged: distributors.acknowledged,
      neverAcknowledged: distributors.neverAcknowledged,
      timeToAcknowledge: distributors.timeToAcknowledge,
      downloaded: distributors.downloaded,
      timeToFirstDownload: distributors.timeToFirstDownload,
      withFeedback: distributors.withFeedback,
      feedbackRate: distributors.feedbackRate,
    },
    caseRows,
    page,
    pages,
  };
}
