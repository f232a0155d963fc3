/**
 * `pnpm bench`: measures the performance targets the issues set, on this machine, against a production build.
 * Traffic goes to 127.0.0.1 only, and every run is bounded in time.
 *
 *  1. Report intake: submissions/s the portal accepts at the encrypted-payload endpoint (POST /api/reports, small
 *     reports) with 32 connections, and p50/p95 latency with 8 — next to the ceiling of the same run: a bare Node
 *     HTTP handler doing one PostgreSQL insert of the same body.
 *  2. Browser encryption: time to encrypt a 10 MB attachment in Chromium, in the real report form.
 *  3. The admin inbox: p50/p95 of its first page with 100,000 reports, through the admin app's tRPC endpoint.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { listPstKeys } from "@disclose/api";
import { createReporterKey, encryptReport } from "@disclose/crypto";
import { createDb } from "@disclose/db";
import { ensureDatabase, runMigrations, seedDemo } from "@disclose/db/ops";
import { installJobQueue } from "@disclose/email";
import autocannon from "autocannon";
import pg from "pg";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PORTAL_PORT = 3300;
const ADMIN_PORT = 3301;
const CEILING_PORT = 3399;
const PG_PORT = 54359;
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

async function smallReportBody(
  recipients: { armoredPublicKey: string; fingerprint: string }[],
): Promise<{ body: Buffer; contentType: string }> {
  const recipientKeys = recipients.map((r) => r.armoredPublicKey);
  const reporter = await createReporterKey();
  const encrypted = await encryptReport({
    content: {
      title: "Benchmark report",
      component: "plugin/forward",
      affectedVersions: "1.11.0",
      description: "A small report, as most are.",
      stepsToReproduce: "1. Send a crafted query.",
      impact: "Denial of service.",
      alreadyPublic: false,
      credit: { mode: "anonymous" },
    },
    attachments: [],
    recipientKeys,
  });
  const form = new FormData();
  form.set("message", encrypted.ciphertext);
  form.set("encryption", "browser");
  form.set("recipientFingerprints", recipients.map((r) => r.fingerprint).join(","));
  form.set("reporterPublicKey", reporter.publicKey);
  form.set("reporterLockedPrivateKey", reporter.lockedPrivateKey);
  form.set("alreadyPublic", "false");
  form.set("website", "");
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

async function browserEncryption(): Promise<number> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
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
    const databaseUrl = database.databaseUrl;
    await runMigrations({ databaseUrl });
    await installJobQueue(databaseUrl);
    const db = createDb(databaseUrl);
    await seedDemo(db);
    const keys = await listPstKeys({ db });
    await db.$disconnect();
    const { body, contentType } = await smallReportBody(keys);

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
    const portalDir = path.join(root, "apps", "portal");
    const portal = spawn(
      path.join(portalDir, "node_modules", ".bin", "next"),
      ["start", "--port", String(PORTAL_PORT)],
      {
        cwd: portalDir,
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          PORTAL_URL: portalUrl,
          // The limiter stays on (its queries are part of the cost), with room for one client's flood.
          RATE_LIMIT_SCALE: "1000",
          NEXT_TELEMETRY_DISABLED: "1",
        },
        stdio: "ignore",
      },
    );
    children.push(portal);
    await waitForHttp(`${portalUrl}/api/trpc/health.check`);

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

    const encryptMs = await browserEncryption();
    const inbox = await inboxFirstPage(databaseUrl, children);

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
    console.log(`browser: 10 MB attachment encrypted in ${encryptMs.toFixed(0)} ms (target ≤ 1500 ms)`);
    console.log(
      `inbox: first page with ${INBOX_REPORTS.toLocaleString("en")} reports, ${inbox.connections} connections: ${Math.round(inbox.requestsPerSecond)}/s, p50 ${round1(inbox.p50)} ms, p95 ${round1(inbox.p95)} ms (target p95 ≤ 100 ms)`,
    );
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const INBOX_REPORTS = 100_000;

/**
 * The admin inbox with 100,000 reports: seeds them in SQL (ciphertext-shaped filler, a realistic mix of states,
 * 1 % public), signs a PST member in (a session past the second factor), then loads the first page through
 * the admin app's tRPC endpoint.
 */
async function inboxFirstPage(databaseUrl: string, children: ChildProcess[]): Promise<Run> {
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
    const token = randomBytes(32).toString("base64url");
    await pool.query(
      `INSERT INTO sessions (id, session_token, user_id, expires, second_factor_at)
       SELECT 'bench-session', encode(sha256($1::bytea), 'hex'), id, now() + interval '1 hour', now()
         FROM users WHERE email = 'pst1@demo.disclose.test'`,
      [Buffer.from(token)],
    );
    const adminDir = path.join(root, "apps", "admin");
    children.push(
      spawn(path.join(adminDir, "node_modules", ".bin", "next"), ["start", "--port", String(ADMIN_PORT)], {
        cwd: adminDir,
        env: { ...process.env, DATABASE_URL: databaseUrl, ADMIN_URL: adminUrl, NEXT_TELEMETRY_DISABLED: "1" },
        stdio: "ignore",
      }),
    );
    await waitForHttp(`${adminUrl}/api/trpc/health.check`);
    const url = `${adminUrl}/api/trpc/cases.inbox?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`;
    const headers = { cookie: `next-auth.session-token=${token}` };
    const probe = await fetch(url, { headers });
    const rows = probe.ok
      ? ((await probe.json()) as { result: { data: { json: { rows: unknown[] } } } })
      : null;
    if (rows?.result.data.json.rows.length !== 50) {
      throw new Error(`the inbox did not answer with a full page: ${probe.status}`);
    }
    await load("warm-up", url, undefined, "application/json", 4, headers);
    return await load("admin inbox, first page", url, undefined, "application/json", 4, headers);
  } finally {
    await pool.end();
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
