import cluster from "node:cluster";
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  createLogger,
  flushLog,
  type Logger,
  routeConsoleToLog,
  runWithRequestId,
  setLogService,
} from "@disclose/log";
import type { TApp } from "../context";
import { apiEnv } from "../env";
import { exitIfProductionEnvIncomplete } from "../production-check";
import { rewriteProxyHeaders } from "./peer";

type TRequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** What this server uses of a Next app (`next(options)` in a custom server). */
export interface NextAppLike {
  prepare(): Promise<void>;
  getRequestHandler(): TRequestHandler;
  close(): Promise<void>;
}

/** Next's `next` function (the default export of "next"), passed in by the app so that its own copy is used. */
export type CreateNextApp = (options: {
  dev: boolean;
  dir: string;
  hostname: string;
  port: number;
  httpServer: Server;
}) => NextAppLike;

export interface ServeNextOptions {
  next: CreateNextApp;
  /** The app's directory (where its `.next` build and `next.config.ts` are). */
  dir: string;
  dev: boolean;
  host: string;
  /** 0: any free port (tests). */
  port: number;
  trustProxy: boolean;
  /** Readiness beyond "not stopping" (see createProbes); ready when absent. */
  ready?: () => Promise<{ ok: boolean; reason?: string }>;
}

export interface RunningNextServer {
  server: Server;
  /** The address it listens on, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** Stops accepting, lets requests in flight finish (at most `graceMs`), then closes the Next app. */
  close(graceMs?: number): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** A trusted proxy's X-Request-Id (so its lines and ours join up), else a new one. */
function requestIdOf(req: IncomingMessage, trustProxy: boolean): string {
  const given = req.headers["x-request-id"];
  return trustProxy && typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
}

/** The path without its query (queries carry tRPC inputs and sign-in tokens); the logger scrubs the rest. */
function pathOf(url: string | undefined): string {
  return (url ?? "/").split("?")[0] ?? "/";
}

/** Static files and probes: logged at debug level, so the access log shows what people and clients did. */
const QUIET_PATH = /^\/(_next\/|favicon|healthz$|readyz$)/;

/**
 * Hands every request to `handler` after rewriting its forwarding headers from the connection (see
 * rewriteProxyHeaders): this is what makes the TCP peer, not a header a client chose, the client's address. Each
 * request gets an id (X-Request-Id on the response) that every line logged while handling it carries, and one
 * access-log line when it ends.
 */
export function withPeerHeaders(
  handler: TRequestHandler,
  { trustProxy, log = createLogger("http") }: { trustProxy: boolean; log?: Logger },
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    rewriteProxyHeaders(req, { trustProxy });
    const reqId = requestIdOf(req, trustProxy);
    req.headers["x-request-id"] = reqId;
    res.setHeader("X-Request-Id", reqId);
    const started = performance.now();
    runWithRequestId(reqId, () => {
      const path = pathOf(req.url);
      res.once("close", () => {
        const line = {
          method: req.method,
          path,
          status: res.statusCode,
          ms: Math.round(performance.now() - started),
          ...(res.writableFinished ? {} : { aborted: true }),
        };
        const message = `${req.method} ${path} ${res.statusCode} ${line.ms} ms`;
        if (QUIET_PATH.test(path)) log.debug(line, message);
        else log.info(line, message);
      });
      handler(req, res).catch((error: unknown) => {
        log.error({ err: error instanceof Error ? error.name : "non-Error thrown" }, "request failed");
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end();
      });
    });
  };
}

/**
 * Probes for a load balancer or an orchestrator, answered before Next: `/healthz` (liveness: the process serves
 * requests) and `/readyz` (readiness: the database answers within 2 s, and the server is not stopping).
 */
export function createProbes({
  ready,
}: {
  ready: () => Promise<{ ok: boolean; reason?: string }>;
}): (req: IncomingMessage, res: ServerResponse) => boolean {
  const answer = (res: ServerResponse, status: number, body: Record<string, unknown>) => {
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify(body));
  };
  return (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const path = pathOf(req.url);
    if (path === "/healthz") {
      answer(res, 200, { status: "ok" });
      return true;
    }
    if (path !== "/readyz") return false;
    ready().then(
      (result) =>
        answer(res, result.ok ? 200 : 503, { status: result.ok ? "ready" : "not ready", ...result }),
      () => answer(res, 503, { status: "not ready", reason: "readiness check failed" }),
    );
    return true;
  };
}

/** One Next app behind a plain node:http server (what `next start` / `next dev` would run, plus the peer header). */
export async function serveNext(options: ServeNextOptions): Promise<RunningNextServer> {
  const server = createServer();
  const app = options.next({
    dev: options.dev,
    dir: options.dir,
    hostname: options.host,
    port: options.port,
    httpServer: server,
  });
  await app.prepare();
  let closing: Promise<void> | undefined;
  const probes = createProbes({
    ready: async () =>
      closing ? { ok: false, reason: "stopping" } : ((await options.ready?.()) ?? { ok: true }),
  });
  const nextHandler = app.getRequestHandler();
  server.on(
    "request",
    withPeerHeaders(async (req, res) => (probes(req, res) ? undefined : nextHandler(req, res)), {
      trustProxy: options.trustProxy,
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${host}:${address.port}`,
    close(graceMs = 3_000) {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        await closed;
        clearTimeout(timer);
        await app.close();
      })();
      return closing;
    },
  };
}

/** Readiness: the database answers `SELECT 1` within 2 s. */
async function databaseReady(): Promise<{ ok: boolean; reason?: string }> {
  const { getDb } = await import("@disclose/db");
  const ping = getDb().$queryRaw`SELECT 1`
    .then(() => ({ ok: true }))
    .catch(() => ({ ok: false, reason: "database unreachable" }));
  const late = new Promise<{ ok: boolean; reason: string }>((resolve) =>
    setTimeout(() => resolve({ ok: false, reason: "database slower than 2 s" }), 2_000).unref(),
  );
  return Promise.race([ping, late]);
}

/**
 * In production, a database whose schema is behind this code (a deploy that skipped `pnpm db:migrate`) is refused
 * at start, with what to run, instead of failing request by request.
 */
async function schemaProblem(log: Logger): Promise<string | null> {
  const { pendingMigrations, requireDatabaseUrl } = await import("@disclose/db/ops");
  try {
    const pending = await pendingMigrations({ databaseUrl: requireDatabaseUrl() });
    return pending.length === 0
      ? null
      : `the database is behind this version: ${pending.length} migration(s) not applied (${pending.join(", ")}). Run \`pnpm db:migrate\` with DATABASE_OWNER_URL first (README, "Upgrading").`;
  } catch (error) {
    log.warn(
      { err: error instanceof Error ? error.message : String(error) },
      "could not read the migration history",
    );
    return null;
  }
}

/**
 * The entry of `apps/<app>/server.ts`: serves the app on its port (PORTAL_PORT / ADMIN_PORT) and HOST
 * (127.0.0.1 unless set), in development mode unless NODE_ENV is "production", and stops cleanly on SIGTERM or
 * SIGINT. Logs go through @disclose/log (console included); with DISCLOSE_ENV=production it refuses to start
 * without its configuration or on a database whose migrations are behind.
 */
export async function runNextServer({
  app,
  next,
  dir,
}: {
  app: TApp;
  next: CreateNextApp;
  dir: string;
}): Promise<void> {
  setLogService(app);
  routeConsoleToLog("next");
  const log = createLogger("server");
  exitIfProductionEnvIncomplete(log);
  const env = apiEnv();
  if (env.DISCLOSE_ENV === "production") {
    const problem = await schemaProblem(log);
    if (problem) {
      log.fatal(`${app} will not start: ${problem}`);
      flushLog();
      process.exit(2);
    }
  }
  const dev = env.NODE_ENV !== "production";
  if (!dev && env.WEB_CONCURRENCY > 1 && cluster.isPrimary) {
    superviseWorkers({ app, workers: env.WEB_CONCURRENCY, log });
    return;
  }
  // tsx (which loads this server's TypeScript) turns Node's source maps on for the whole process; Node then parses
  // and keeps the map of every Next server chunk it loads: ~100 MB of the admin's heap under traffic, so its
  // capped heap was collected over and over (p95 of a case page ×2). `next start` runs without them, as we do now.
  if (!dev) process.setSourceMapsEnabled(false);
  const running = await serveNext({
    next,
    dir,
    dev,
    host: env.HOST,
    port: app === "admin" ? env.ADMIN_PORT : env.PORTAL_PORT,
    trustProxy: env.TRUST_PROXY === "1",
    ready: databaseReady,
  });
  log.info(
    {
      url: running.url,
      mode: dev ? "development" : "production",
      env: env.DISCLOSE_ENV,
      trustProxy: env.TRUST_PROXY === "1",
    },
    `${app} ready on ${running.url}`,
  );
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    // Ctrl-C reaches a cluster's workers twice (from the terminal and from the supervisor): stop once.
    if (stopping) return;
    stopping = true;
    log.info(`${app} stopping (${signal})…`);
    running.close().then(
      () => {
        flushLog();
        process.exit(0);
      },
      (error: unknown) => {
        log.error(
          { err: error instanceof Error ? error.name : String(error) },
          `${app} did not stop cleanly`,
        );
        flushLog();
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

/** A worker that exits this soon after it started is failing to start, not crashing under load: stop trying. */
const FAILED_START_MS = 15_000;

/**
 * WEB_CONCURRENCY > 1 in production: this process only supervises. It starts that many workers (each this same
 * server: Next on the shared port), starts a new one when one dies, and on SIGTERM/SIGINT stops them all (each
 * finishes its requests in flight) before it exits.
 */
function superviseWorkers({ app, workers, log }: { app: TApp; workers: number; log: Logger }): void {
  let stopping = false;
  const startedAt = new Map<number, number>();
  const start = () => {
    const worker = cluster.fork();
    startedAt.set(worker.id, Date.now());
  };
  cluster.on("exit", (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    startedAt.delete(worker.id);
    if (stopping) {
      if (startedAt.size === 0) {
        log.info(`${app} stopped`);
        flushLog();
        process.exit(); // 0, or 1 after a worker failed to start
      }
      return;
    }
    if (lived < FAILED_START_MS) {
      log.fatal({ code, signal }, `${app} worker failed to start; stopping`);
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill("SIGTERM");
      process.exitCode = 1;
      if (startedAt.size === 0) {
        flushLog();
        process.exit();
      }
      return;
    }
    log.error({ code, signal }, `${app} worker stopped unexpectedly; starting another`);
    start();
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info(`${app} stopping ${startedAt.size} workers (${signal})…`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  log.info(`${app}: ${workers} worker processes`);
  for (let i = 0; i < workers; i++) start();
}
