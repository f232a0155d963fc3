import { randomUUID } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { migrationChecksum, scriptMatchesChecksum } from "./checksum";

export const defaultMigrationsDir = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));

// The key Prisma's schema engine locks, so our migrator and `prisma migrate` also exclude each other.
const ADVISORY_LOCK_KEY = 72707369;

// Exactly the table Prisma creates (schema-engine, postgres connector).
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

export interface RunMigrationsOptions {
  databaseUrl: string;
  migrationsDir?: string;
  log?: (line: string) => void;
}

export interface RunMigrationsResult {
  applied: string[];
  alreadyApplied: string[];
}

export class MigrationError extends Error {
  constructor(
    readonly migration: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "MigrationError";
  }
}

interface LocalMigration {
  name: string;
  script: string;
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/**
 * Applies the pending migrations of `migrationsDir` (Prisma's layout) in name order, each in its own
 * transaction, recording them in `_prisma_migrations` as `prisma migrate deploy` does.
 * A migration therefore may not contain statements that refuse to run in a transaction.
 */
export async function runMigrations(options: RunMigrationsOptions): Promise<RunMigrationsResult> {
  const log = options.log ?? (() => {});
  const migrations = await readMigrations(options.migrationsDir ?? defaultMigrationsDir);
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_KEY]);
    const rows = await readAppliedRows(client);
    const pending = checkHistory(migrations, rows, log);
    const alreadyApplied = migrations.filter((m) => !pending.includes(m)).map((m) => m.name);
    const applied: string[] = [];
    for (const migration of pending) {
      await applyMigration(client, migration);
      log(`applied ${migration.name}`);
      applied.push(migration.name);
    }
    return { applied, alreadyApplied };
  } finally {
    // Ending the session also releases the advisory lock.
    await client.end();
  }
}

/**
 * The migrations of `migrationsDir` not yet applied to the database at `databaseUrl` (read-only: the apps' role
 * may ask, e.g. to refuse to serve a database that is behind after an upgrade).
 */
export async function pendingMigrations(options: Omit<RunMigrationsOptions, "log">): Promise<string[]> {
  const migrations = await readMigrations(options.migrationsDir ?? defaultMigrationsDir);
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    const exists = await client.query<{ t: string | null }>(
      "SELECT to_regclass('_prisma_migrations')::text AS t",
    );
    if (!exists.rows[0]?.t) return migrations.map((m) => m.name);
    const applied = await client.query<{ migration_name: string }>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    const done = new Set(applied.rows.map((r) => r.migration_name));
    return migrations.map((m) => m.name).filter((name) => !done.has(name));
  } finally {
    await client.end();
  }
}

async function readMigrations(dir: string): Promise<LocalMigration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrations: LocalMigration[] = [];
  for (const name of names) {
    const file = path.join(dir, name, "migration.sql");
    if (!(await stat(file).catch(() => null))?.isFile()) {
      throw new MigrationError(name, `Migration ${name} has no migration.sql (${file})`);
    }
    migrations.push({ name, script: await readFile(file, "utf8") });
  }
  return migrations;
}

async function readAppliedRows(client: pg.Client): Promise<MigrationRow[]> {
  const exists = await client.query<{ t: string | null }>(
    "SELECT to_regclass('_prisma_migrations')::text AS t",
  );
  if (!exists.rows[0]?.t) {
    await client.query(CREATE_MIGRATIONS_TABLE);
    return [];
  }
  const result = await client.query<MigrationRow>(
    "SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY started_at",
  );
  return result.rows;
}

/** Returns the migrations still to apply; refuses a history that does not match the files. */
function checkHistory(migrations: LocalMigration[], rows: MigrationRow[], log: (line: string) => void) {
  const live = rows.filter((r) => r.rolled_back_at === null);
  const failed = live.find((r) => r.finished_at === null);
  if (failed) {
    throw new MigrationError(
      failed.migration_name,
      `Migration ${failed.migration_name} is recorded as started but not finished in _prisma_migrations ` +
        "(a failed `prisma migrate deploy`?). Fix the database, then mark it with `prisma migrate resolve`.",
    );
  }
  const local = new Set(migrations.map((m) => m.name));
  for (const row of live) {
    if (!local.has(row.migration_name)) {
      log(`warning: ${row.migration_name} is applied to the database but missing from the migrations folder`);
    }
  }
  const appliedByName = new Map(live.map((r) => [r.migration_name, r]));
  const pending: LocalMigration[] = [];
  for (const migration of migrations) {
    const row = appliedByName.get(migration.name);
    if (!row) {
      pending.push(migration);
    } else if (!scriptMatchesChecksum(migration.script, row.checksum)) {
      throw new MigrationError(
        migration.name,
        `Migration ${migration.name} was modified after it was applied (its checksum differs from the one ` +
          "recorded in _prisma_migrations). Restore the file and put the change in a new migration.",
      );
    }
  }
  return pending;
}

async function applyMigration(client: pg.Client, migration: LocalMigration): Promise<void> {
  const id = randomUUID();
  await client.query("BEGIN");
  try {
    await client.query(
      "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())",
      [id, migrationChecksum(migration.script), migration.name],
    );
    await client.query(migration.script);
    await client.query(
      "UPDATE _prisma_migrations SET finished_at = now(), applied_steps_count = 1 WHERE id = $1",
      [id],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw new MigrationError(
      migration.name,
      `Migration ${migration.name} failed and was rolled back (nothing of it was applied): ` +
        describePgError(error, migration.script),
      { cause: error },
    );
  }
}

function describePgError(error: unknown, script: string): string {
  if (!(error instanceof Error)) return String(error);
  const pgError = error as Error & { code?: string; position?: string };
  const parts = [pgError.message];
  if (pgError.code) parts.push(`(SQLSTATE ${pgError.code})`);
  const position = Number(pgError.position);
  if (position > 0) parts.push(`at line ${script.slice(0, position - 1).split("\n").length}`);
  return parts.join(" ");
}
