/**
 * Metrics (issue 15): 10,000 made-up cases (packages/api/src/test-support/case-histories.ts: every outcome,
 * milestones on both sides of the policy's windows, slow-downs, upstream dependencies, public disclosures,
 * re-opened fixes, exploits, distributor receipts) written to the database as the owner, then the PST's metrics
 * page at METRICS_CONNECTIONS connections:
 *  - `metrics.get` over the two years that hold all 10,000 (every figure, one page of cases), checked first;
 *  - the page itself (`/metrics`, server-rendered with the same call).
 * The cases end 120 days before the run, out of the way of the other benchmarks' reports. Target: p95 ≤ 200 ms. Ceiling, same run: a bare Node server answering one SELECT of the same 10,000 reports'
 * milestone columns (what the SQL path reads, without the domain's figures).
 */
import { createServer } from "node:http";
import { createDb } from "@disclose/db";
import pg from "pg";
import { insertCaseHistories, makeCaseHistories } from "../../packages/api/src/test-support/case-histories";
import type { TCaseRun, TLoad } from "./case-page";

export const METRICS_CASES = 10_000;
export const METRICS_CONNECTIONS = 4;
export const METRICS_TARGET_P95_MS = 200;
const CEILING_PORT = 3398;
const DAY = 86_400_000;

interface TOptions {
  adminUrl: string;
  /** The tables' owner: the cases are inserted directly. */
  ownerUrl: string;
  /** A PST member's session token (next-auth cookie). */
  token: string;
  load: TLoad;
}

export interface TMetricsResult {
  runs: TCaseRun[];
  lines: string[];
}

export async function metricsBench(options: TOptions): Promise<TMetricsResult> {
  const { adminUrl, ownerUrl, token, load } = options;
  // The period ends 120 days ago: the other benchmarks of a full run write their reports (100,000 for the inbox)
  // within the last 70 days, and the figures here are of these 10,000 alone.
  const now = new Date(Date.now() - 120 * DAY);
  console.log(`writing ${METRICS_CASES.toLocaleString("en")} case histories for the metrics…`);
  const started = performance.now();
  const seeded = makeCaseHistories(METRICS_CASES, { now, days: 700, seed: 2026 });
  const db = createDb(ownerUrl);
  try {
    await insertCaseHistories(db, seeded);
    await db.$executeRawUnsafe("ANALYZE");
  } finally {
    await db.$disconnect();
  }
  const seedSeconds = ((performance.now() - started) / 1000).toFixed(1);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const period = { from: day(now.getTime() - 729 * DAY), to: day(now.getTime()) };
  const input = encodeURIComponent(JSON.stringify({ json: { ...period, page: 1 } }));
  const apiUrl = `${adminUrl}/api/trpc/metrics.get?input=${input}`;
  const pageUrl = `${adminUrl}/metrics?from=${period.from}&to=${period.to}`;
  const headers = { cookie: `next-auth.session-token=${token}` };

  const probe = await fetch(apiUrl, { headers });
  const body = (await probe.json()) as {
    result?: { data: { json: { cases: number; caseRows: unknown[] } } };
  };
  const view = body.result?.data.json;
  if (!view || view.cases !== METRICS_CASES || view.caseRows.length !== 50) {
    throw new Error(
      `metrics.get did not answer with the seeded cases: ${probe.status} ${JSON.stringify(body).slice(0, 300)}`,
    );
  }
  const page = await fetch(pageUrl, { headers });
  const html = await page.text();
  if (page.status !== 200 || !html.includes("Time to each milestone")) {
    throw new Error(`the metrics page did not render its figures: ${page.status}`);
  }

  await load("warm-up", apiUrl, undefined, "application/json", METRICS_CONNECTIONS, headers);
  const apiRun = await load(
    `tRPC metrics.get (${view.cases.toLocaleString("en")} cases)`,
    apiUrl,
    undefined,
    "application/json",
    METRICS_CONNECTIONS,
    headers,
  );
  await load("warm-up", pageUrl, undefined, "text/html", METRICS_CONNECTIONS, headers);
  const pageRun = await load(
    "admin /metrics (the page)",
    pageUrl,
    undefined,
    "text/html",
    METRICS_CONNECTIONS,
    headers,
  );
  // The page keeps recent figures until a change (a new audit event) or the next minute: the first request after
  // one computes them from the 10,000 cases. Five such requests, one at a time, each for a period not asked before.
  const cold: number[] = [];
  for (let i = 1; i <= 5; i++) {
    const to = day(now.getTime() - i * DAY);
    const url = `${adminUrl}/api/trpc/metrics.get?input=${encodeURIComponent(JSON.stringify({ json: { from: period.from, to, page: 1 } }))}`;
    const started = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`metrics.get for ${to}: ${response.status}`);
    cold.push(performance.now() - started);
  }
  cold.sort((a, b) => a - b);
  const ceiling = await ceilingRun(
    ownerUrl,
    load,
    `${period.from}T00:00:00Z`,
    new Date(Date.parse(`${period.to}T00:00:00Z`) + DAY).toISOString(),
  );
  const ms = (n: number) => Math.round(n * 10) / 10;
  const met = (r: TCaseRun) => (r.p95 <= METRICS_TARGET_P95_MS && r.failed === 0 ? "met" : "NOT MET");
  return {
    runs: [apiRun, pageRun, ceiling],
    lines: [
      `metrics: ${METRICS_CASES.toLocaleString("en")} made-up cases over 700 days written as the owner in ${seedSeconds} s (${view.cases.toLocaleString("en")} reports in the period ${period.from} to ${period.to})`,
      `metrics.get p50 ${ms(apiRun.p50)} ms, p95 ${ms(apiRun.p95)} ms at ${METRICS_CONNECTIONS} connections (target ≤ ${METRICS_TARGET_P95_MS} ms, ${met(apiRun)}); the page /metrics p50 ${ms(pageRun.p50)} ms, p95 ${ms(pageRun.p95)} ms (${met(pageRun)}); ceiling: bare Node + 1 select of the reports' milestone columns, p95 ${ms(ceiling.p95)} ms`,
      `metrics.get computing the figures afresh (the first request after a change or in a new minute; 5 periods not asked before, one at a time): median ${ms(cold[2] as number)} ms, slowest ${ms(cold[4] as number)} ms`,
    ],
  };
}

/** A bare Node HTTP server doing the SQL path's main SELECT (reports joined to cases) and nothing else. */
async function ceilingRun(
  ownerUrl: string,
  load: TLoad,
  periodStart: string,
  periodEnd: string,
): Promise<TCaseRun> {
  const pool = new pg.Pool({ connectionString: ownerUrl, max: METRICS_CONNECTIONS });
  // The run's PostgreSQL stops at the end: an idle connection's FATAL must not end the process.
  pool.on("error", () => {});
  const server = createServer((_req, res) => {
    pool
      .query(
        `SELECT r.id, r.state, r.received_at, r.acknowledged_at, c.fix_team_formed_at, c.fix_developed_at,
                c.notice_published_at, c.distributors_notified_at, c.released_at
         FROM reports r LEFT JOIN cases c ON c.id = r.id
         WHERE r.received_at >= $1 AND r.received_at < $2`,
        [periodStart, periodEnd],
      )
      .then((r) => res.writeHead(200, { "content-type": "application/json" }).end(String(r.rowCount)))
      .catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(CEILING_PORT, "127.0.0.1", resolve));
  try {
    const url = `http://127.0.0.1:${CEILING_PORT}/`;
    await load("warm-up", url, undefined, "application/json", METRICS_CONNECTIONS);
    return await load(
      "ceiling: bare Node + 1 select (the reports' milestones)",
      url,
      undefined,
      "application/json",
      METRICS_CONNECTIONS,
    );
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await pool.end();
  }
}
