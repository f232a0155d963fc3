import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, chown, lstat, mkdir, readdir, rename, rm } from "node:fs/promises";
import { userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { type AuditChainResult, verifyAuditChain } from "../audit/audit-chain";
import { createDb, sqlQuery } from "../client";
import { findRunningServer, serverUrl, startEmbeddedPostgres } from "../embedded/embedded-postgres";
import { freePort } from "../embedded/free-port";
import {
  BackupArchiveError,
  extractBackupArchive,
  type TBackupManifest,
  verifyBackupArchive,
} from "./archive";
import { installedPostgresVersion, majorOf } from "./installed-postgres";

const run = promisify(execFile);
const APP_DATABASE = "disclose";

export interface RestoreOptions {
  /** The archive `pnpm db:backup` wrote. */
  file: string;
  /** The embedded cluster's data directory to replace. */
  dataDir: string;
  /** Progress lines for a person. */
  log?: (line: string) => void;
  /** Restore even when the restored audit chain does not verify (it was broken in the copy too). */
  allowBrokenAuditChain?: boolean;
}

export interface RestoredCounts {
  reports: number;
  auditEvents: number;
  outboxMessages: number;
}

export interface RestoreResult {
  manifest: TBackupManifest;
  /** Where the data directory that was replaced now is; undefined when there was none. */
  previousDataDir?: string;
  /** Undefined when the backup holds no `disclose` database (a cluster that was never migrated). */
  counts?: RestoredCounts;
  auditChain?: AuditChainResult;
}

/** A restore that could not run; nothing was changed. */
export class RestoreRefusedError extends Error {
  constructor(message: string) {
    super(`${message} Nothing was changed.`);
    this.name = "RestoreRefusedError";
  }
}

/**
 * Replaces the embedded cluster's data directory with a backup, changing nothing until the backup has proven
 * itself: the archive is verified whole (manifest, every checksum, PostgreSQL's major version), extracted beside
 * the data directory, started there on a free loopback port so that recovery replays its WAL to a consistent
 * state, checked (the audit chain, the counts) and cleanly stopped. Only then is the current data directory
 * moved aside (never deleted) and the restored one put in its place.
 */
export async function restoreEmbeddedDatabase(options: RestoreOptions): Promise<RestoreResult> {
  const log = options.log ?? (() => {});
  const dataDir = path.resolve(options.dataDir);
  await refuseIfRunning(dataDir);

  log(`Verifying ${options.file} …`);
  const manifest = await verifyBackupArchive(options.file);
  const installed = await installedPostgresVersion();
  if (majorOf(installed) !== majorOf(manifest.postgresVersion)) {
    throw new BackupArchiveError(
      options.file,
      `it was made by PostgreSQL ${manifest.postgresVersion} and the embedded PostgreSQL here is ${installed} ` +
        "(a physical backup restores only into the same major version)",
    );
  }
  log(
    `  ${manifest.files.length} files, PostgreSQL ${manifest.postgresVersion}, system ${manifest.systemIdentifier}, ` +
      `taken ${manifest.createdAt}`,
  );

  const stamp = timestamp();
  const restoring = `${dataDir}.restoring-${stamp}`;
  await mkdir(path.dirname(dataDir), { recursive: true });
  let swapped = false;
  try {
    log(`Extracting into ${restoring} …`);
    await extractBackupArchive(options.file, restoring);
    await giveToServerUser(restoring);

    log("Starting PostgreSQL on the restored copy to replay its WAL …");
    const checked = await recoverAndCheck(restoring);
    if (checked.auditChain && !checked.auditChain.ok && !options.allowBrokenAuditChain) {
      throw new RestoreRefusedError(
        `The restored audit chain does not verify (event ${checked.auditChain.seq}: ${checked.auditChain.reason}). ` +
          "It was broken when the backup was taken; restore it anyway with --allow-broken-audit-chain.",
      );
    }

    // Someone may have started the cluster while we worked.
    await refuseIfRunning(dataDir);
    let previousDataDir: string | undefined;
    if (existsSync(dataDir)) {
      previousDataDir = `${dataDir}.before-restore-${stamp}`;
      await rename(dataDir, previousDataDir);
    }
    try {
      await rename(restoring, dataDir);
    } catch (error) {
      if (previousDataDir) await rename(previousDataDir, dataDir);
      throw error;
    }
    swapped = true;
    return { manifest, previousDataDir, ...checked };
  } finally {
    // The half-made copy is ours alone; the data directory was not touched unless the swap completed.
    if (!swapped) await rm(restoring, { recursive: true, force: true });
  }
}

async function refuseIfRunning(dataDir: string): Promise<void> {
  let port: number | undefined;
  try {
    port = await findRunningServer(dataDir);
  } catch (error) {
    throw new RestoreRefusedError(error instanceof Error ? error.message : String(error));
  }
  if (port !== undefined) {
    throw new RestoreRefusedError(
      `PostgreSQL is running on ${dataDir} (port ${port}): stop \`pnpm start\` (or whatever started it) first.`,
    );
  }
}

/** Starts the copy so that recovery completes, checks what it holds, and stops it cleanly (a checkpoint). */
async function recoverAndCheck(dataDir: string): Promise<Pick<RestoreResult, "counts" | "auditChain">> {
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  try {
    const databases = await sqlOnce<{ datname: string }>(
      server.adminUrl,
      "SELECT datname FROM pg_database WHERE datname = $1",
      [APP_DATABASE],
    );
    if (databases.length === 0) return {};
    const db = createDb(serverUrl(server.port, APP_DATABASE));
    try {
      const auditChain = await verifyAuditChain(db);
      const [row] = await sqlQuery<{ reports: number; audit_events: number; outbox_messages: number }>(
        db,
        `SELECT (SELECT count(*) FROM reports)::int AS reports,
                (SELECT count(*) FROM audit_events)::int AS audit_events,
                (SELECT count(*) FROM outbox_messages)::int AS outbox_messages`,
      );
      return {
        auditChain,
        counts: {
          reports: row!.reports,
          auditEvents: row!.audit_events,
          outboxMessages: row!.outbox_messages,
        },
      };
    } finally {
      await db.$disconnect();
    }
  } finally {
    await server.stop();
  }
}

async function sqlOnce<R extends object>(url: string, text: string, values: unknown[]): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/**
 * PostgreSQL wants its data directory private (0700) and, run as root, runs as `postgres`
 * (see embedded-postgres.ts), so the files become that user's, created as embedded-postgres would.
 */
async function giveToServerUser(dir: string): Promise<void> {
  const owner = userInfo().uid === 0 ? await postgresUser() : undefined;
  const walk = async (target: string): Promise<void> => {
    const info = await lstat(target);
    if (owner) await chown(target, owner.uid, owner.gid);
    if (info.isDirectory()) {
      await chmod(target, 0o700);
      for (const name of await readdir(target)) await walk(path.join(target, name));
    } else {
      await chmod(target, 0o600);
    }
  };
  await walk(dir);
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const lookup = async () => ({
    uid: Number((await run("id", ["-u", "postgres"])).stdout.trim()),
    gid: Number((await run("id", ["-g", "postgres"])).stdout.trim()),
  });
  try {
    return await lookup();
  } catch {
    // A new machine: embedded-postgres creates this user on first initdb, which a restore skips.
    await run("groupadd", ["postgres"]).catch(() => {});
    await run("useradd", ["-g", "postgres", "postgres"]);
    return lookup();
  }
}

/** 20261130T142501Z: sortable, and safe in file names. */
export function timestamp(date = new Date()): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}
