import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEmptyTestDatabase, type EmptyTestDatabase } from "../testing";
import { withClient } from "../testing/shared";
import { migrationChecksum } from "./checksum";
import { MigrationError, runMigrations } from "./run-migrations";

const tempDirs: string[] = [];
afterAll(() => Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function migrationsDir(migrations: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "disclose-migrations-"));
  tempDirs.push(dir);
  for (const [name, sql] of Object.entries(migrations)) {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

const query = <T extends object>(url: string, sql: string) =>
  withClient(url, async (client) => (await client.query<T & Record<string, unknown>>(sql)).rows);

describe("runMigrations", () => {
  let database: EmptyTestDatabase;
  beforeEach(async () => {
    database = await createEmptyTestDatabase();
  });
  afterEach(() => database.drop());

  it("applies the project's migrations once and records them as Prisma does", async () => {
    const first = await runMigrations({ databaseUrl: database.url });
    const projectMigrations = (await readdir(path.join(import.meta.dirname, "../../prisma/migrations")))
      .filter((name) => /^\d{14}_/.test(name))
      .sort();
    expect(projectMigrations[0]).toMatch(/_init$/);
    expect(first.applied).toEqual(projectMigrations);

    const second = await runMigrations({ databaseUrl: database.url });
    expect(second).toEqual({ applied: [], alreadyApplied: first.applied });

    const columns = await query<{ column_name: string; data_type: string; is_nullable: string }>(
      database.url,
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => `${c.column_name} ${c.data_type} ${c.is_nullable}`)).toEqual([
      "id character varying NO",
      "checksum character varying NO",
      "finished_at timestamp with time zone YES",
      "migration_name character varying NO",
      "logs text YES",
      "rolled_back_at timestamp with time zone YES",
      "started_at timestamp with time zone NO",
      "applied_steps_count integer NO",
    ]);
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      database.url,
      "SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations",
    );
    expect(rows).toEqual(
      first.applied.map((name) =>
        expect.objectContaining({
          migration_name: name,
          applied_steps_count: 1,
          finished_at: expect.any(Date),
        }),
      ),
    );
    expect(rows[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses a migration changed after it was applied, naming it", async () => {
    const original = { "20260101000000_one": "CREATE TABLE one (id int);\n" };
    await runMigrations({ databaseUrl: database.url, migrationsDir: await migrationsDir(original) });
    const changed = await migrationsDir({ "20260101000000_one": "CREATE TABLE one (id bigint);\n" });
    const run = runMigrations({ databaseUrl: database.url, migrationsDir: changed });
    await expect(run).rejects.toThrow(MigrationError);
    await expect(run).rejects.toThrow(/Migration 20260101000000_one was modified after it was applied/);
  });

  it("accepts an applied migration whose line endings git converted", async () => {
    const sql = "CREATE TABLE one (id int);\nCREATE TABLE two (id int);\n";
    await runMigrations({ databaseUrl: database.url, migrationsDir: await migrationsDir({ "1_one": sql }) });
    const crlf = await migrationsDir({ "1_one": sql.replaceAll("\n", "\r\n") });
    await expect(runMigrations({ databaseUrl: database.url, migrationsDir: crlf })).resolves.toEqual({
      applied: [],
      alreadyApplied: ["1_one"],
    });
  });

  it("rolls a failing migration back entirely, reports it, and lets a corrected run succeed", async () => {
    const good = "CREATE TABLE good (id int);\n";
    const bad = "CREATE TABLE half (id int);\nINSERT INTO missing_table VALUES (1);\n";
    const failing = await migrationsDir({ "1_good": good, "2_bad": bad });

    const run = runMigrations({ databaseUrl: database.url, migrationsDir: failing });
    await expect(run).rejects.toThrow(
      /Migration 2_bad failed and was rolled back.*relation "missing_table" does not exist \(SQLSTATE 42P01\) at line 2/,
    );

    const tables = await query<{ t: string | null }>(
      database.url,
      "SELECT to_regclass('good')::text AS t UNION ALL SELECT to_regclass('half')::text",
    );
    expect(tables.map((r) => r.t)).toEqual(["good", null]);
    const recorded = await query<{ migration_name: string }>(
      database.url,
      "SELECT migration_name FROM _prisma_migrations",
    );
    expect(recorded.map((r) => r.migration_name)).toEqual(["1_good"]);

    const fixed = await migrationsDir({ "1_good": good, "2_bad": "CREATE TABLE half (id int);\n" });
    await expect(runMigrations({ databaseUrl: database.url, migrationsDir: fixed })).resolves.toEqual({
      applied: ["2_bad"],
      alreadyApplied: ["1_good"],
    });
  });

  it("refuses to continue after a migration that Prisma recorded as failed", async () => {
    const dir = await migrationsDir({ "1_one": "SELECT 1;\n" });
    await runMigrations({ databaseUrl: database.url, migrationsDir: dir });
    await withClient(database.url, (client) =>
      client.query(
        `INSERT INTO _prisma_migrations (id, checksum, migration_name) VALUES ('x', $1, '2_failed')`,
        [migrationChecksum("SELECT 2;\n")],
      ),
    );
    await expect(runMigrations({ databaseUrl: database.url, migrationsDir: dir })).rejects.toThrow(
      /Migration 2_failed is recorded as started but not finished/,
    );
  });

  it("lets only one migrator run at a time", async () => {
    const slow = await migrationsDir({ "1_slow": "SELECT pg_sleep(0.5);\nCREATE TABLE once (id int);\n" });
    const results = await Promise.all([
      runMigrations({ databaseUrl: database.url, migrationsDir: slow }),
      runMigrations({ databaseUrl: database.url, migrationsDir: slow }),
    ]);
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 1]);
  });
});
