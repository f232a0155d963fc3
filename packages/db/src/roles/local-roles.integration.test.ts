import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultMigrationsDir, runMigrations } from "../migrate/run-migrations";
import { createEmptyTestDatabase, testAdminUrl } from "../testing";
import { withClient } from "../testing/shared";
import { APP_ROLE } from "./app-role";
import { checkAppConnection, ensureLocalRoles, OWNER_ROLE, prepareLocalDatabase } from "./local-roles";

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe("a local database made before the owner and app roles", () => {
  it("is handed to the owner role, which then applies the new migrations", async () => {
    const database = await createEmptyTestDatabase();
    try {
      // As `pnpm start` left .data/postgres before: everything migrated and installed by the superuser.
      const before = await mkdtemp(path.join(tmpdir(), "disclose-old-migrations-"));
      dirs.push(before);
      await cp(defaultMigrationsDir, before, {
        recursive: true,
        filter: (source) => !source.includes("_app_role"),
      });
      await runMigrations({ databaseUrl: database.url, migrationsDir: before });
      await withClient(database.url, (c) =>
        c.query(`CREATE SCHEMA graphile_worker;
                 CREATE TYPE graphile_worker.job_spec AS (identifier text);
                 CREATE TABLE graphile_worker.jobs (id bigserial PRIMARY KEY);
                 CREATE FUNCTION graphile_worker.add_job() RETURNS int LANGUAGE sql AS 'SELECT 1'`),
      );
      const name = new URL(database.url).pathname.slice(1);

      await ensureLocalRoles(testAdminUrl());
      await prepareLocalDatabase(testAdminUrl(), name);
      await prepareLocalDatabase(testAdminUrl(), name); // idempotent
      const { applied } = await runMigrations({ databaseUrl: database.ownerUrl });
      expect(applied).toEqual([expect.stringMatching(/_app_role$/)]);

      const owners = await withClient(database.url, async (c) =>
        (
          await c.query<{ owner: string }>(
            `SELECT DISTINCT pg_get_userbyid(owner) AS owner FROM (
               SELECT relowner AS owner FROM pg_class
                WHERE relnamespace IN ('public'::regnamespace, 'graphile_worker'::regnamespace)
               UNION ALL SELECT proowner FROM pg_proc
                WHERE pronamespace IN ('public'::regnamespace, 'graphile_worker'::regnamespace)
               UNION ALL SELECT typowner FROM pg_type
                WHERE typnamespace IN ('public'::regnamespace, 'graphile_worker'::regnamespace)
               UNION ALL SELECT nspowner FROM pg_namespace WHERE nspname = 'graphile_worker'
               UNION ALL SELECT datdba FROM pg_database WHERE datname = current_database()) o`,
          )
        ).rows.map((r) => r.owner),
      );
      expect(owners).toEqual([OWNER_ROLE]);
      expect(await checkAppConnection(database.appUrl)).toBeUndefined();
      expect(await checkAppConnection(database.ownerUrl)).toBe(
        `it connects as ${OWNER_ROLE}, which owns the tables`,
      );
      expect(await checkAppConnection(database.url)).toMatch(/, a superuser$/);
      expect(
        await withClient(database.appUrl, async (c) => (await c.query("SELECT current_user AS u")).rows[0]),
      ).toEqual({ u: APP_ROLE });
    } finally {
      await database.drop();
    }
  });
});
