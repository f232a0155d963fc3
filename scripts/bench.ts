/**
 * `pnpm bench`: measures the performance targets the issues set, on this machine, against a production build.
 * Traffic goes to 127.0.0.1 only, and every run is bounded in time.
 *
 *  1. Report intake: submissions/s the portal accepts at the encrypted-payload endpoint (POST /api/reports, small
 *     reports) with 32 connections, and p50/p95 latency with 8 — next to the ceiling of the same run: a bare Node
 *     HTTP handler doing one PostgreSQL insert of the same body.
 *  2. Browser encryption: time to encrypt a 10 MB attachment in Chromium, in the real report form.
 *  3. The admin inbox: p50/p95 of its first page with 100,000 reports, through the admin app's tRPC endpoint.
 *  4. A flood of ten times the global submission limit from 249 client addresses: refusals per second, a
 *     legitimate reporter's latency meanwhile, and the portal's peak memory.
 *  5. Access grants in Chromium: granting a case with 100 thread messages and 10 attachments to a new reader (the
 *     background step in a PST member's browser, server round trips included); and the inbox's first page
 *     showing its 25 decrypted titles after the key is unlocked.
 *  6. The case pages (scripts/bench/case-page.ts): a case with 50 commits, 200 audit events and 100 patches, its
 *     pages' HTML and tRPC queries at 4 connections, next to a bare Node server doing one select.
 *     `BENCH_ONLY=case-page pnpm bench` runs this one alone.
 *  7. The private distributors list (scripts/bench/distributors.ts): 500 organisations × 3 members, a 200 kB patch
 *     copied, marked and encrypted for all of them in Chromium, the notices, and the receipt table, each next to
 *     the same run's ceiling. `BENCH_ONLY=distributors pnpm bench` runs this one alone.
 *  8. Advisories (scripts/bench/advisories.ts, scripts/bench/announcements.ts): 1,000 published advisories, the
 *     portal's list page and both feeds at 4 connections; the announcement to 10,000 subscribers enqueued in one
 *     transaction; each next to the same run's ceiling. `BENCH_ONLY=advisories pnpm bench` runs these alone.
 *  9. Metrics (scripts/bench/metrics.ts): 10,000 made-up cases, the PST's metrics (tRPC and the page) at 4
 *     connections, next to a bare Node server doing the SQL path's main select. `BENCH_ONLY=metrics pnpm bench`.
 * 10. Reports by email (scripts/bench/mail-intake.ts): 1,000 plain messages waiting in a real Dovecot mailbox become
 *     reports in one pick-up round (reports/s, target ≥ 20/s), next to the same run's no-JavaScript submission
 *     rate (submitPlaintextReport, sequential). `BENCH_ONLY=mail-intake pnpm bench` runs it alone, without
 *     building the apps (it needs none).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { listPstKeys } from "@disclose/api";
import {
  encryptionKeyIdsOfKey,
  encryptText,
  generateLockedKey,
  readPublicKey,
  rewrapKeyPackets,
  splitAnyMessage,
  unlockPrivateKey,
} from "@disclose/crypto";
import { createDb } from "@disclose/db";
import {
  DEMO_PGP_PASSPHRASE,
  ensureDatabase,
  getDemoPrivateKeys,
  runMigrations,
  seedDemo,
} from "@disclose/db/ops";
import { installJobQueue } from "@disclose/email";
import autocannon from "autocannon";
import pg from "pg";
import { chromium } from "playwright-core";
import { flood, floodAddresses, garbageMultipart } from "../tests/faults/support/flood";
import { closeConnections, post } from "../tests/faults/support/http";
import { peakRssOf } from "../tests/faults/support/portal";
import { reportForm, type TPstRecipient } from "../tests/faults/support/reports";
import { spawnAppServer } from "./app-server";
import { advisoriesBench } from "./bench/advisories";
import { announcementsBench } from "./bench/announcements";
import { CASE_PAGE_CONNECTIONS, casePageBench, type TCasePageResult, type TCaseRun } from "./bench/case-page";
import {
  DISTRIBUTOR_ORGS,
  distributorsBench,
  RECEIPTS_CONNECTIONS,
  type TDistributorsResult,
} from "./bench/distributors";
import { MAIL_INTAKE_MESSAGES, mailIntakeBench, type TMailIntakeResult } from "./bench/mail-intake";
import { METRICS_CONNECTIONS, metricsBench, type TMetricsResult } from "./bench/metrics";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PORTAL_PORT = 3300;
const ADMIN_PORT = 3301;
const FLOOD_PORT = 3302;
const CEILING_PORT = 3399;
const PG_PORT = 54359;
/** The admin app's processes in the benchmark: one per core, as production runs it (WEB_CONCURRENCY). */
const ADMIN_PROCESSES = availableParallelism();
const DURATION_S = 10;
const portalUrl = `http://localhost:${PORTAL_PORT}`;
const adminUrl = `http://localhost:${ADMIN_PORT}`;

interface Run {
  label: string;
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  ok: number;
  failed: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function load(
  label: string,
  url: string,
  body: Buffer | undefined,
  contentType: string,
  connections: number,
  extraHeaders: Record<string, string> = {},
): Promise<Run> {
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let statuses = "";
  await new Promise<void>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        method: body ? "POST" : "GET",
        connections,
        duration: DURATION_S,
        headers: { "content-type": contentType, origin: portalUrl, ...extraHeaders },
        ...(body ? { body } : {}),
      },
      (error, result) => {
        if (error) return reject(error);
        if (result.non2xx > 0) statuses = JSON.stringify(result.statusCodeStats);
        resolve();
      },
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) {
        ok++;
        latencies.push(responseTime);
      } else failed++;
    });
  });
  latencies.sort((a, b) => a - b);
  if (statuses) console.warn(`${label} (${connections} connections): status codes ${statuses}`);
  return {
    label,
    connections,
    requestsPerSecond: ok / DURATION_S,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    ok,
    failed,
  };
}

/** The ceiling: what one PostgreSQL insert per request costs through plain Node HTTP on this machine. */
async function startCeiling(databaseUrl: string): Promise<{ server: Server; pool: pg.Pool }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  await pool.query(
    "CREATE TABLE IF NOT EXISTS bench_ceiling (id bigserial PRIMARY KEY, body bytea NOT NULL)",
  );
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      pool
        .query("INSERT INTO bench_ceiling (body) VALUES ($1)", [Buffer.concat(chunks)])
        .then(() => {
          res.writeHead(201, { "content-type": "application/json" }).end('{"ok":true}');
        })
        .catch(() => res.writeHead(500).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(CEILING_PORT, "127.0.0.1", resolve));
  return { server, pool };
}

async function smallReportBody(recipients: TPstRecipient[]): Promise<{ body: Buffer; contentType: string }> {
  const { form } = await reportForm(recipients, {
    title: "Benchmark report",
    component: "plugin/forward",
    affectedVersions: "1.11.0",
    description: "A small report, as most are.",
    stepsToReproduce: "1. Send a crafted query.",
    impact: "Denial of service.",
    alreadyPublic: false,
    credit: { mode: "anonymous" },
  });
  const response = new Response(form);
  return {
    body: Buffer.from(await response.arrayBuffer()),
    contentType: response.headers.get("content-type")!,
  };
}

async function waitForHttp(url: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer`);
}

function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

async function browserEncryption(): Promise<number> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    // Collect the form's own measure as it is taken (the app may clear the timeline afterwards).
    await page.addInitScript(() => {
      const seen: number[] = [];
      (window as unknown as { __encryptMs: number[] }).__encryptMs = seen;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntriesByName("disclose:encrypt")) seen.push(entry.duration);
      }).observe({ type: "measure", buffered: true });
    });
    await page.goto(`${portalUrl}/report`);
    await page.getByLabel(/^Title/).fill("10 MB attachment");
    await page.getByLabel(/^Affected component/).fill("bench");
    await page.getByLabel(/^Affected versions/).fill("1.0");
    await page.getByLabel(/^Description/).fill("Benchmark of browser-side encryption.");
    await page.getByLabel(/^Steps to reproduce/).fill("Attach a large capture.");
    await page.getByLabel(/^Impact/).fill("None; a benchmark.");
    await page.getByLabel(/^Name or handle to credit/).fill("Bench");
    const data = Buffer.alloc(10 * 1024 * 1024, 7);
    await page
      .getByLabel(/^Attachments/)
      .setInputFiles({ name: "capture.pcap", mimeType: "application/octet-stream", buffer: data });
    await page.getByRole("button", { name: "Encrypt and send report" }).click();
    await page.getByLabel("Your private tracking link").waitFor({ timeout: 60_000 });
    return await page.evaluate(
      () => (window as unknown as { __encryptMs: number[] }).__encryptMs[0] ?? Number.NaN,
    );
  } finally {
    await browser.close();
  }
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "disclose-bench-"));
  // As root the server runs as `postgres`, which must reach the data dir inside this 0700 temp dir.
  chmodSync(dataDir, 0o755);
  const children: ChildProcess[] = [];
  const database = await ensureDatabase({ dataDir: path.join(dataDir, "postgres"), port: PG_PORT });
  try {
    // Setup, seeding and the ceiling's own table as the owner; the apps as the app role, as in production.
    const { ownerUrl: databaseUrl, appUrl } = database;
    await runMigrations({ databaseUrl });
    await installJobQueue(databaseUrl);
    const db = createDb(databaseUrl);
    await seedDemo(db);
    const keys = await listPstKeys({ db });
    // No app takes part in the mail pick-up: this section runs before (and without) the build.
    const mailIntake = () => mailIntakeBench({ ownerUrl: databaseUrl, appUrl });
    // biome-ignore lint/suspicious/noUndeclaredEnvVars: read by `pnpm bench` itself, never by a Turborepo task.
    if (process.env.BENCH_ONLY === "mail-intake") {
      await db.$disconnect();
      printMailIntake(await mailIntake());
      return;
    }

    console.log("building the apps (cached when unchanged)…");
    await new Promise<void>((resolve, reject) =>
      spawn(
        "pnpm",
        [
          "exec",
          "turbo",
          "run",
          "build",
          "--filter=@disclose/portal",
          "--filter=@disclose/admin",
          "--output-logs=errors-only",
        ],
        {
          cwd: root,
          stdio: "inherit",
        },
      ).on("exit", (code) => (code === 0 ? resolve() : reject(new Error("build failed")))),
    );
    // Each app through the server `pnpm start` runs (apps/<app>/server.ts), so the bench measures what runs.
    const portal = spawnAppServer("portal", {
      port: PORTAL_PORT,
      dev: false,
      env: {
        ...process.env,
        DATABASE_URL: appUrl,
        PORTAL_URL: portalUrl,
        // The limiter stays on (its queries are part of the cost), with room for one client's flood.
        RATE_LIMIT_SCALE: "1000",
        NEXT_TELEMETRY_DISABLED: "1",
      },
      stdio: "ignore",
    });
    children.push(portal);
    children.push(
      spawnAppServer("admin", {
        port: ADMIN_PORT,
        dev: false,
        env: {
          ...process.env,
          DATABASE_URL: appUrl,
          ADMIN_URL: adminUrl,
          NEXT_TELEMETRY_DISABLED: "1",
          // As the README advises for production: one process per core (node:cluster, see next-server.ts).
          WEB_CONCURRENCY: String(ADMIN_PROCESSES),
        },
        stdio: "ignore",
      }),
    );
    await waitForHttp(`${portalUrl}/api/trpc/health.check`);
    await waitForHttp(`${adminUrl}/api/trpc/health.check`);
    const sessionToken = await pst1Session(databaseUrl);
    const casePage = () =>
      casePageBench({
        adminUrl,
        portalUrl,
        ownerUrl: databaseUrl,
        token: sessionToken,
        load,
      });
    // biome-ignore lint/suspicious/noUndeclaredEnvVars: read by `pnpm bench` itself, never by a Turborepo task.
    if (process.env.BENCH_ONLY === "case-page") {
      await db.$disconnect();
      printCasePage(await casePage());
      return;
    }
    const distributors = () =>
      distributorsBench({
        adminUrl,
        portalUrl,
        ownerUrl: databaseUrl,
        token: sessionToken,
        load,
        launch: launchChromium,
        tempDir: dataDir,
      });
    // biome-ignore lint/suspicious/noUndeclaredEnvVars: read by `pnpm bench` itself, never by a Turborepo task.
    if (process.env.BENCH_ONLY === "distributors") {
      await db.$disconnect();
      printDistributors(await distributors());
      return;
    }

    const advisories = async () => {
      const list = await advisoriesBench({ portalUrl, ownerUrl: databaseUrl, load });
      const announcement = await announcementsBench({ portalUrl, ownerUrl: databaseUrl });
      return { list, announcement };
    };
    const metrics = () => metricsBench({ adminUrl, ownerUrl: databaseUrl, token: sessionToken, load });
    // biome-ignore lint/suspicious/noUndeclaredEnvVars: read by `pnpm bench` itself, never by a Turborepo task.
    if (process.env.BENCH_ONLY === "metrics") {
      await db.$disconnect();
      printMetrics(await metrics());
      return;
    }
    // biome-ignore lint/suspicious/noUndeclaredEnvVars: read by `pnpm bench` itself, never by a Turborepo task.
    if (process.env.BENCH_ONLY === "advisories") {
      await db.$disconnect();
      printAdvisories(await advisories());
      return;
    }

    // First, while the database holds this one case only: what is measured is that case's grant.
    const grant = await grantBench(databaseUrl, keys, sessionToken);
    // The grant's newcomer is a PST member: reports are now encrypted to their key too.
    const { body, contentType } = await smallReportBody(await listPstKeys({ db }));
    await db.$disconnect();

    // A few requests first: a benchmark of error responses would measure nothing.
    for (let i = 0; i < 3; i++) {
      const probe = await fetch(`${portalUrl}/api/reports`, {
        method: "POST",
        headers: { "content-type": contentType, origin: portalUrl },
        body: new Uint8Array(body),
      });
      if (probe.status !== 201) {
        throw new Error(`the portal refused the benchmark report: ${probe.status} ${await probe.text()}`);
      }
    }

    const ceiling = await startCeiling(databaseUrl);
    const runs: Run[] = [];
    // Warm-up so JIT and connection pools are in their steady state.
    await load("warm-up", `${portalUrl}/api/reports`, body, contentType, 8);
    runs.push(await load("portal POST /api/reports", `${portalUrl}/api/reports`, body, contentType, 32));
    runs.push(await load("portal POST /api/reports", `${portalUrl}/api/reports`, body, contentType, 8));
    runs.push(
      await load("ceiling: bare Node + 1 insert", `http://127.0.0.1:${CEILING_PORT}/`, body, contentType, 32),
    );
    runs.push(
      await load("ceiling: bare Node + 1 insert", `http://127.0.0.1:${CEILING_PORT}/`, body, contentType, 8),
    );
    await new Promise((resolve) => ceiling.server.close(resolve));
    await ceiling.pool.end();
    const intakeRss = peakRssOf(portal.pid!);
    const floodRun = await floodBench(databaseUrl, appUrl, body, contentType);

    const encryptMs = await browserEncryption();
    // The intake runs left thousands of real reports (with their summaries): the inbox's first page is theirs.
    const titles = await inboxTitles(sessionToken);
    const inbox = await inboxFirstPage(databaseUrl, sessionToken);
    const cases = await casePage();
    const distributorList = await distributors();
    const advisoryRuns = await advisories();
    const metricsRuns = await metrics();
    const mailIntakeRun = await mailIntake();

    console.log(
      `\nReport intake (${body.length} B encrypted payload, ${DURATION_S} s per run, loopback, ${os()}):`,
    );
    console.table(
      runs.map((r) => ({
        run: r.label,
        connections: r.connections,
        "ok/s": Math.round(r.requestsPerSecond),
        "p50 ms": round1(r.p50),
        "p95 ms": round1(r.p95),
        "non-2xx": r.failed,
      })),
    );
    const [portal32, portal8, ceiling32, ceiling8] = runs;
    console.log(
      `portal/ceiling: ${((portal32!.requestsPerSecond / ceiling32!.requestsPerSecond) * 100).toFixed(0)} % of the ceiling's throughput at 32 connections; p95 ${round1(portal8!.p95)} ms vs ${round1(ceiling8!.p95)} ms at 8.`,
    );
    console.log(
      `targets: ≥ 300 submissions/s at 32 connections → ${Math.round(portal32!.requestsPerSecond)}/s; p95 ≤ 50 ms at 8 → ${round1(portal8!.p95)} ms`,
    );
    console.log(
      `flood: ${floodRun.requests} requests (10× the global limit of ${GLOBAL_SUBMIT_LIMIT}/min) from ${floodRun.addresses} client addresses, ${floodRun.connections} connections, bodies that are not valid multipart: ` +
        `${Math.round(floodRun.refusedPerSecond)} refused/s (${JSON.stringify(floodRun.statuses)}; ceiling: bare Node + 1 insert, ${Math.round(ceiling32!.requestsPerSecond)}/s at 32); ` +
        `a legitimate reporter's submission during the flood: p50 ${round1(floodRun.legitP50)} ms, p95 ${round1(floodRun.legitP95)} ms (${JSON.stringify(floodRun.legitStatuses)}; unloaded, ${round1(portal8!.p50)} ms at 8 connections); ` +
        `peak RSS (VmHWM): the flooded portal ${mb(floodRun.peakRss)} MB, the intake runs' portal ${mb(intakeRss)} MB (target < 512 MB each)`,
    );
    console.log(`browser: 10 MB attachment encrypted in ${encryptMs.toFixed(0)} ms (target ≤ 1500 ms)`);
    console.log(
      `inbox: first page with ${INBOX_REPORTS.toLocaleString("en")} reports, ${inbox.connections} connections: ${Math.round(inbox.requestsPerSecond)}/s, p50 ${round1(inbox.p50)} ms, p95 ${round1(inbox.p95)} ms (target p95 ≤ 100 ms)`,
    );
    console.log(
      `grants: a case with 100 messages and 10 attachments (${grant.items} items) granted to a new reader in ${grant.ms.toFixed(0)} ms in Chromium (target ≤ 2000 ms); ceiling: the same items re-wrapped in Node with no server, ${grant.bareMs.toFixed(0)} ms`,
    );
    console.log(
      `inbox titles: ${titles.rows} decrypted titles shown ${titles.afterUnlockMs.toFixed(0)} ms after unlock (target ≤ 500 ms); after a reload (page, keys restored, titles): ${titles.reloadMs.map((ms) => ms.toFixed(0)).join(", ")} ms`,
    );
    printCasePage(cases);
    printDistributors(distributorList);
    printAdvisories(advisoryRuns);
    printMetrics(metricsRuns);
    printMailIntake(mailIntakeRun);
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One row per run: its latencies, throughput and failures. */
function printRuns(runs: readonly TCaseRun[]) {
  console.table(
    runs.map((r) => ({
      run: r.label,
      "p50 ms": round1(r.p50),
      "p95 ms": round1(r.p95),
      "ok/s": Math.round(r.requestsPerSecond),
      "non-2xx": r.failed,
    })),
  );
}

/** The case pages' table and one line per page or query, each next to the same run's ceiling. */
function printCasePage(result: TCasePageResult) {
  const { facts } = result;
  console.log(
    `\nCase pages (${facts.commits} commits, ${facts.patchVersions} patch versions, ${facts.auditEvents} audit events, ${facts.notes} notes; ${CASE_PAGE_CONNECTIONS} connections, ${DURATION_S} s per run, loopback, ${os()}, ${availableParallelism()} cores, admin app in ${ADMIN_PROCESSES} processes):`,
  );
  printRuns([...result.runs, result.ceiling]);
  for (const line of result.lines) console.log(line);
}

/** The distributors list's table and lines, each figure next to the same run's ceiling. */
function printDistributors(result: TDistributorsResult) {
  const { facts } = result;
  console.log(
    `\nDistributors list (${DISTRIBUTOR_ORGS} organisations, ${facts.keys} keys, a ${Math.round(facts.patchBytes / 1024)} kB patch, ${facts.emails} notices; receipt table at ${RECEIPTS_CONNECTIONS} connections, ${DURATION_S} s per run, loopback, ${os()}, ${availableParallelism()} cores, admin app in ${ADMIN_PROCESSES} processes):`,
  );
  printRuns(result.runs);
  for (const line of result.lines) console.log(line);
}

/** The advisories' list and feeds, and the announcement, each figure next to the same run's ceiling. */
function printAdvisories(result: {
  list: Awaited<ReturnType<typeof advisoriesBench>>;
  announcement: Awaited<ReturnType<typeof announcementsBench>>;
}) {
  console.log(
    `\nAdvisories (${result.list.facts.advisories} published, ${result.list.facts.withdrawn} withdrawn; ${DURATION_S} s per run, loopback, ${os()}):`,
  );
  printRuns(result.list.runs);
  for (const line of [...result.list.lines, ...result.announcement.lines]) console.log(line);
}

/** The metrics' runs and lines, each figure next to the same run's ceiling. */
function printMetrics(result: TMetricsResult) {
  console.log(
    `\nMetrics (${METRICS_CONNECTIONS} connections, ${DURATION_S} s per run, loopback, ${os()}, ${availableParallelism()} cores, admin app in ${ADMIN_PROCESSES} processes):`,
  );
  printRuns(result.runs);
  for (const line of result.lines) console.log(line);
}

/** The mail pick-up's lines: its rate next to the no-JavaScript path's, and where its time goes. */
function printMailIntake(result: TMailIntakeResult) {
  console.log(
    `\nReports by email (${MAIL_INTAKE_MESSAGES.toLocaleString("en")} plain messages, Dovecot on loopback, one pick-up round, ${os()}, ${availableParallelism()} cores):`,
  );
  for (const line of result.lines) console.log(line);
}

const INBOX_REPORTS = 100_000;
const GLOBAL_SUBMIT_LIMIT = 600;

function mb(bytes: number): number {
  return Math.round(bytes / 1024 / 1024);
}

/**
 * A flood of ten times the global submission limit (production limits: RATE_LIMIT_SCALE unset) from 249 loopback
 * client addresses, against a portal process of its own, with bodies that would fail parsing (so a 429 shows
 * the refusal came first); meanwhile a legitimate reporter on 127.0.0.1 sends the real report every 100 ms.
 * Reports how fast refusals go, the reporter's latency and status codes, and the process's peak memory.
 */
async function floodBench(ownerUrl: string, appUrl: string, body: Buffer, contentType: string) {
  const floodUrl = `http://127.0.0.1:${FLOOD_PORT}`;
  // The intake runs' counters would refuse everything at once: start from none, as a real flood would.
  const pool = new pg.Pool({ connectionString: ownerUrl, max: 1 });
  await pool.query("DELETE FROM rate_limits").finally(() => pool.end());
  const child = spawnAppServer("portal", {
    port: FLOOD_PORT,
    dev: false,
    env: { ...process.env, DATABASE_URL: appUrl, PORTAL_URL: floodUrl, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: "ignore",
  });
  try {
    await waitForHttp(`${floodUrl}/api/trpc/health.check`);
    const requests = 10 * GLOBAL_SUBMIT_LIMIT;
    const garbage = garbageMultipart();
    let flooding = true;
    const legit: { status: number; ms: number }[] = [];
    const reporter = (async () => {
      // Bounded by the flood (itself bounded by its request count) and by a cap on the reporter's own sends.
      for (let i = 0; flooding && i < 600; i++) {
        const response = await post(`${floodUrl}/api/reports`, {
          body: new Uint8Array(body),
          headers: { "content-type": contentType, origin: floodUrl },
          localAddress: "127.0.0.1",
        });
        legit.push({ status: response.status, ms: response.ms });
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const result = await flood({
      url: `${floodUrl}/api/reports`,
      origin: floodUrl,
      requests,
      concurrency: 32,
      addresses: floodAddresses(249),
      body: garbage.body,
      contentType: garbage.contentType,
    });
    flooding = false;
    await reporter;
    const latencies = legit.map((r) => r.ms).sort((a, b) => a - b);
    const legitStatuses: Record<number, number> = {};
    for (const r of legit) legitStatuses[r.status] = (legitStatuses[r.status] ?? 0) + 1;
    if (result.failures.length > 0) console.warn(`flood: requests without a response: ${result.failures}`);
    return {
      requests,
      addresses: 249,
      connections: 32,
      refusedPerSecond: result.refusedPerSecond,
      statuses: result.statuses,
      legitP50: percentile(latencies, 50),
      legitP95: percentile(latencies, 95),
      legitStatuses,
      peakRss: peakRssOf(child.pid!),
    };
  } finally {
    closeConnections();
    child.kill("SIGTERM");
  }
}

/**
 * The admin inbox with 100,000 reports: seeds them in SQL (ciphertext-shaped filler, a realistic mix of states,
 * 1 % public), signs a PST member in (a session past the second factor), then loads the first page through
 * the admin app's tRPC endpoint.
 */
async function inboxFirstPage(databaseUrl: string, token: string): Promise<Run> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    console.log(`seeding ${INBOX_REPORTS.toLocaleString("en")} reports for the inbox…`);
    await pool.query(
      `INSERT INTO reports (id, received_at, state, ciphertext, encryption, recipient_fingerprints, already_public,
                            tracking_secret_hash, reporter_public_key, reporter_locked_private_key, acknowledged_at)
       SELECT gen_random_uuid(), now() - (n || ' minutes')::interval,
              (ARRAY['received','triage','accepted','fix-in-progress','rejected','duplicate','closed'])[1 + n % 7],
              '-----BEGIN PGP MESSAGE-----' || md5(n::text) || '-----END PGP MESSAGE-----', 'browser', '{}',
              n % 100 = 0, md5(n::text) || md5((n + 1)::text), 'bench', 'bench',
              CASE WHEN n % 7 = 0 THEN NULL ELSE now() END
         FROM generate_series(1, $1::int) AS n`,
      [INBOX_REPORTS],
    );
    await pool.query("ANALYZE reports");
  } finally {
    await pool.end();
  }
  const url = `${adminUrl}/api/trpc/cases.inbox?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`;
  const headers = { cookie: `next-auth.session-token=${token}` };
  const probe = await fetch(url, { headers });
  const rows = probe.ok
    ? ((await probe.json()) as { result: { data: { json: { rows: unknown[] } } } })
    : null;
  if (rows?.result.data.json.rows.length !== 25) {
    throw new Error(`the inbox did not answer with a full page: ${probe.status}`);
  }
  await load("warm-up", url, undefined, "application/json", 4, headers);
  return await load("admin inbox, first page", url, undefined, "application/json", 4, headers);
}

/** A session of PST member 1 past the second factor (the admin app's cookie), made in the database. */
async function pst1Session(databaseUrl: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await pool.query(
      `INSERT INTO sessions (id, session_token, user_id, expires, second_factor_at)
       SELECT 'bench-session', encode(sha256($1::bytea), 'hex'), id, now() + interval '1 hour', now()
         FROM users WHERE email = 'pst1@demo.disclose.test'`,
      [Buffer.from(token)],
    );
  } finally {
    await pool.end();
  }
  return token;
}

/** A browser page signed in as PST member 1, on the admin app. */
async function adminPage(browser: Awaited<ReturnType<typeof launchChromium>>, token: string) {
  const context = await browser.newContext();
  await context.addCookies([{ name: "next-auth.session-token", value: token, url: adminUrl }]);
  return context.newPage();
}

/**
 * Granting a whole case to a new reader: a report with 10 attachments and 100 reporter messages, all sent
 * through the portal as a reporter would; a new PST member with a key; then PST member 1 unlocks in Chromium
 * and the background step re-wraps every item for the newcomer. The time is the step's own measure (from the
 * start of its run to the last packet stored). The ceiling: the same re-wrapping in Node, no server, no browser.
 */
async function grantBench(
  databaseUrl: string,
  pstKeys: { armoredPublicKey: string; fingerprint: string }[],
  token: string,
): Promise<{ ms: number; items: number; bareMs: number }> {
  console.log("making a case with 10 attachments and 100 messages…");
  const { form, ciphertext } = await reportForm(
    pstKeys,
    {
      title: "Grant benchmark",
      component: "plugin/cache",
      affectedVersions: "1.11.0",
      description: "A case with a long thread.",
      stepsToReproduce: "See the captures.",
      impact: "Cache poisoning.",
      alreadyPublic: false,
      credit: { mode: "anonymous" },
    },
    Array.from({ length: 10 }, (_, i) => ({
      name: `capture-${i}.pcap`,
      type: "application/octet-stream",
      data: new Uint8Array(randomBytes(20_000)),
    })),
  );
  const submitted = await fetch(`${portalUrl}/api/reports`, {
    method: "POST",
    body: form,
    headers: { origin: portalUrl },
  });
  if (submitted.status !== 201) {
    throw new Error(`the portal refused the grant benchmark's report: ${submitted.status}`);
  }
  const { trackingToken } = (await submitted.json()) as { trackingToken: string };
  // Each message to the case's readers and the reporter, as the tracking page sends it.
  const readers = await (
    await fetch(
      `${portalUrl}/api/trpc/tracking.readerKeys?input=${encodeURIComponent(JSON.stringify({ json: { token: trackingToken } }))}`,
    )
  ).json();
  const view = await (
    await fetch(
      `${portalUrl}/api/trpc/tracking.view?input=${encodeURIComponent(JSON.stringify({ json: { token: trackingToken } }))}`,
    )
  ).json();
  const recipientKeys = [
    ...(readers.result.data.json as { armoredPublicKey: string }[]).map((k) => k.armoredPublicKey),
    view.result.data.json.reporterPublicKey as string,
  ];
  for (let i = 0; i < 100; i++) {
    const posted = await fetch(`${portalUrl}/api/trpc/tracking.postMessage`, {
      method: "POST",
      headers: { origin: portalUrl, "content-type": "application/json" },
      body: JSON.stringify({
        json: { token: trackingToken, ciphertext: await encryptText(`Message ${i}`, recipientKeys) },
      }),
    });
    if (!posted.ok)
      throw new Error(`the portal refused message ${i}: ${posted.status} ${await posted.text()}`);
  }

  // The newcomer: a PST member with a key and nothing granted yet.
  const newcomer = await generateLockedKey({
    name: "Bench Newcomer",
    passphrase: "bench newcomer passphrase",
  });
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await pool.query(
      `WITH u AS (INSERT INTO users (id, email, name, updated_at)
                  VALUES ('bench-newcomer', 'newcomer@bench.test', 'Bench Newcomer', now()) RETURNING id),
            r AS (INSERT INTO user_roles (user_id, role) SELECT id, 'PST_MEMBER' FROM u)
       INSERT INTO pgp_keys (id, user_id, fingerprint, armored_public_key, locked_private_key)
       SELECT gen_random_uuid(), id, $1, $2, $3 FROM u`,
      [newcomer.fingerprint, newcomer.publicKey, newcomer.lockedPrivateKey],
    );
  } finally {
    await pool.end();
  }

  const browser = await launchChromium();
  let ms: number;
  try {
    const page = await adminPage(browser, token);
    await page.addInitScript(() => {
      const seen: number[] = [];
      (window as unknown as { __grantMs: number[] }).__grantMs = seen;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntriesByName("disclose:grants")) seen.push(entry.duration);
      }).observe({ type: "measure", buffered: true });
    });
    await page.goto(`${adminUrl}/grants`);
    await page.getByLabel(/^Key passphrase/).fill(DEMO_PGP_PASSPHRASE);
    await page.getByRole("button", { name: "Unlock key" }).click();
    await page.getByTestId("grant-progress").getByText("Access granted").waitFor({ timeout: 60_000 });
    ms = await page.evaluate(() => (window as unknown as { __grantMs: number[] }).__grantMs[0] ?? Number.NaN);
  } finally {
    await browser.close();
  }
  const check = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  let items: number;
  try {
    items = Number(
      (await check.query("SELECT count(*) AS n FROM key_packets WHERE user_id = 'bench-newcomer'")).rows[0].n,
    );
  } finally {
    await check.end();
  }
  if (items !== 112)
    throw new Error(`expected 112 items granted (report, summary, 10 files, 100 messages), got ${items}`);
  return { ms, items, bareMs: await bareRewrap(databaseUrl, ciphertext, newcomer.publicKey) };
}

/** The ceiling of a grant: re-wrapping 112 session keys in Node (open one, wrap to the newcomer), nothing else. */
async function bareRewrap(databaseUrl: string, message: string, newcomerKey: string): Promise<number> {
  const db = createDb(databaseUrl);
  const demo = await getDemoPrivateKeys(db)
    .then((keys) => keys.find((k) => k.email === "pst1@demo.disclose.test"))
    .finally(() => db.$disconnect());
  if (!demo) throw new Error("no demo key for PST member 1");
  const granter = await unlockPrivateKey(demo.lockedPrivateKey, demo.passphrase);
  const ids = await encryptionKeyIdsOfKey(demo.lockedPrivateKey);
  const packet = (await splitAnyMessage(message)).keyPackets.find((p) => p.keyId && ids.includes(p.keyId));
  if (!packet) throw new Error("the report is not encrypted to PST member 1");
  const grantee = await readPublicKey(newcomerKey);
  const started = performance.now();
  for (let i = 0; i < 112; i++) {
    await rewrapKeyPackets({ keyPackets: packet.bytes, decryptionKeys: [granter], grantee });
  }
  return performance.now() - started;
}

/**
 * The inbox's first page in Chromium: PST member 1 unlocks from the header, and the time until all 25 rows show
 * their decrypted titles is measured; then the same page reloaded (the tab's keys restored), three times.
 */
async function inboxTitles(
  token: string,
): Promise<{ rows: number; afterUnlockMs: number; reloadMs: number[] }> {
  const browser = await launchChromium();
  try {
    const page = await adminPage(browser, token);
    await page.goto(`${adminUrl}/inbox`);
    await page.getByRole("button", { name: "Unlock", exact: true }).click();
    await page.getByLabel(/^Key passphrase/).fill(DEMO_PGP_PASSPHRASE);
    await page.getByRole("button", { name: "Unlock key" }).click();
    await page.getByRole("button", { name: "Lock now" }).waitFor();
    const unlocked = Date.now();
    const allTitles = () =>
      page.waitForFunction(
        () => document.querySelectorAll('[data-testid="inbox-title"]').length >= 25,
        null,
        {
          polling: "raf",
          timeout: 30_000,
        },
      );
    await allTitles();
    const afterUnlockMs = Date.now() - unlocked;
    const reloadMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      await page.reload();
      await allTitles();
      reloadMs.push(await page.evaluate(() => performance.now()));
    }
    return { rows: 25, afterUnlockMs, reloadMs };
  } finally {
    await browser.close();
  }
}

function round1(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function os(): string {
  return `${process.platform}, Node ${process.version}`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
