import type { ChildProcess } from "node:child_process";
import { get } from "node:http";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnAppServer } from "../../scripts/app-server";
import { type FaultCluster, startFaultCluster } from "./support/cluster";
import { inheritedEnv } from "./support/env";
import { freePort, sleep } from "./support/ports";

// DISCLOSE_ENV=production on the real portal build: what it refuses at start, and what it serves.

const PRODUCTION = {
  DISCLOSE_ENV: "production",
  AUTH_SECRET: "a-production-secret-of-forty-characters!!",
  SMTP_URL: "smtp://127.0.0.1:9",
  PORTAL_URL: "https://security.example.test",
  ADMIN_URL: "https://disclose.example.test",
  LOG_FORMAT: "",
};

interface TRun {
  child: ChildProcess;
  url: string;
  lines: () => string[];
  exited: Promise<number | null>;
}

async function runPortal(env: Record<string, string>): Promise<TRun> {
  const port = await freePort();
  const child = spawnAppServer("portal", {
    port,
    dev: false,
    env: { ...inheritedEnv(), ...env, HOST: "127.0.0.1", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out: string[] = [];
  const keep = (chunk: Buffer) => out.push(...chunk.toString("utf8").split("\n").filter(Boolean));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, url: `http://127.0.0.1:${port}`, lines: () => out, exited };
}

async function waitUntilServing(run: TRun): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (run.child.exitCode !== null) throw new Error(`the portal exited:\n${run.lines().join("\n")}`);
    try {
      if ((await fetch(`${run.url}/healthz`)).ok) return;
    } catch {}
    await sleep(250);
  }
  throw new Error(`the portal did not answer within 60 s:\n${run.lines().join("\n")}`);
}

/** Resolves with the exit code, or fails after 60 s (the process is then killed). */
async function exitOf(run: TRun): Promise<number | null> {
  const timer = setTimeout(() => run.child.kill("SIGKILL"), 60_000);
  const code = await run.exited;
  clearTimeout(timer);
  return code;
}

describe("the portal in production mode", () => {
  let cluster: FaultCluster;
  const runs: TRun[] = [];
  const start = async (env: Record<string, string>) => {
    const run = await runPortal(env);
    runs.push(run);
    return run;
  };

  beforeAll(async () => {
    cluster = await startFaultCluster();
  });
  afterAll(async () => {
    for (const run of runs) if (run.child.exitCode === null) run.child.kill("SIGKILL");
    await cluster?.stop();
  });

  it("refuses to start without its configuration, naming every missing variable in one message", async () => {
    const run = await start({
      DISCLOSE_ENV: "production",
      AUTH_SECRET: "short",
      PORTAL_URL: "http://x.test",
    });
    expect(await exitOf(run)).toBe(2);
    const fatal = run
      .lines()
      .map((line) => JSON.parse(line) as { level: string; msg: string; problems?: string[] });
    const message = fatal.find((line) => line.level === "fatal");
    expect(message?.problems).toEqual([
      "DATABASE_URL is not set (postgres:// URL of the app role disclose_app)",
      "SMTP_URL is not set (smtp:// or smtps:// URL of the mail server)",
      "ADMIN_URL is not set (the admin app's public https:// URL)",
      "AUTH_SECRET is shorter than 32 characters",
      "PORTAL_URL must be an https:// URL (it is http://x.test)",
    ]);
    expect(message?.msg).toContain('README.md, "Running in production"');
  });

  it("refuses a database whose migrations are behind, saying what to run", async () => {
    const owner = new pg.Client({ connectionString: cluster.ownerUrl });
    await owner.connect();
    const [last] = (
      await owner.query<{ id: string; migration_name: string }>(
        "SELECT id, migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1",
      )
    ).rows;
    await owner.query("UPDATE _prisma_migrations SET rolled_back_at = now() WHERE id = $1", [last?.id]);
    try {
      const run = await start({ ...PRODUCTION, DATABASE_URL: cluster.appUrl });
      expect(await exitOf(run)).toBe(2);
      const text = run.lines().join("\n");
      expect(text).toContain(`1 migration(s) not applied (${last?.migration_name})`);
      expect(text).toContain("pnpm db:migrate");
    } finally {
      await owner.query("UPDATE _prisma_migrations SET rolled_back_at = NULL WHERE id = $1", [last?.id]);
      await owner.end();
    }
  });

  it("serves with JSON logs, a request id on each line of a request, probes, and no development pages", async () => {
    const run = await start({ ...PRODUCTION, DATABASE_URL: cluster.appUrl });
    await waitUntilServing(run);

    const health = await fetch(`${run.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${run.url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: "ready", ok: true }]);

    const page = await fetch(`${run.url}/report`);
    expect(page.status).toBe(200);
    const requestId = page.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    await sleep(200);
    const lines = run.lines().map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatchObject({ service: "portal", level: expect.any(String) });
    expect(lines).toContainEqual(
      expect.objectContaining({ reqId: requestId, method: "GET", path: "/report", status: 200 }),
    );

    // HSTS is the proxy's to send over https; the app still never serves the development pages.
    expect((await fetch(`${run.url}/dev/mailbox`, { headers: { host: "localhost" } })).status).toBe(404);

    // Readiness follows the database: stopped, not ready (503); liveness stays.
    await cluster.kill();
    const down = await fetch(`${run.url}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: "not ready" });
    expect((await fetch(`${run.url}/healthz`)).status).toBe(200);
    await cluster.restart();
    const deadline = Date.now() + 30_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await fetch(`${run.url}/readyz`)).status;
      if (status !== 200) await sleep(250);
    }
    expect(status).toBe(200);
  });

  it("with WEB_CONCURRENCY=2, serves from two worker processes on one port and stops them all on SIGTERM", async () => {
    const run = await start({ ...PRODUCTION, DATABASE_URL: cluster.appUrl, WEB_CONCURRENCY: "2" });
    await waitUntilServing(run);
    // A new connection per request (no keep-alive), so the cluster hands requests to either worker.
    const fresh = () =>
      new Promise<string | undefined>((resolve, reject) => {
        get(`${run.url}/report`, { agent: false }, (res) => {
          res.resume();
          res.on("end", () => resolve(res.headers["x-request-id"] as string | undefined));
        }).on("error", reject);
      });
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push((await fresh()) ?? "");
    await sleep(200);
    const lines = run
      .lines()
      .map((line) => JSON.parse(line) as { pid?: number; msg?: string; reqId?: string });
    expect(lines).toContainEqual(
      expect.objectContaining({ pid: run.child.pid, msg: "portal: 2 worker processes" }),
    );
    const ready = lines.filter((l) => l.msg?.startsWith("portal ready on ")).map((l) => l.pid);
    expect(new Set(ready).size).toBe(2);
    expect(ready).not.toContain(run.child.pid);
    // Both workers answered (the cluster hands out connections in turn).
    const servedBy = lines
      .filter((l) => l.reqId && ids.includes(l.reqId) && l.msg?.startsWith("GET "))
      .map((l) => l.pid);
    expect(servedBy).toHaveLength(20);
    expect(new Set(servedBy)).toEqual(new Set(ready));

    run.child.kill("SIGTERM");
    expect(await exitOf(run)).toBe(0);
    for (const pid of ready) expect(() => process.kill(pid as number, 0)).toThrow();
  });
});
