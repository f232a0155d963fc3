// Databases for integration tests; needs the globalSetup `@disclose/db/testing/global-setup` in vitest.config.
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { createDb, type Db } from "../client";
import { type TestPgInfo, withClient, withDatabase } from "./shared";

export type { TestPgInfo } from "./shared";

export interface TestDatabase {
  url: string;
  db: Db;
  /** Disconnects `db` and drops the database (teardown also drops what a test left behind). */
  drop(): Promise<void>;
}

export interface EmptyTestDatabase {
  url: string;
  drop(): Promise<void>;
}

function info(): TestPgInfo {
  const provided = inject("discloseTestPg");
  if (!provided) {
    throw new Error(
      "No test Postgres: add '@disclose/db/testing/global-setup' to test.globalSetup in vitest.config",
    );
  }
  return provided;
}

/** A superuser URL to the test server, for tests that create or drop databases themselves. */
export function testAdminUrl(database?: string): string {
  const { adminUrl } = info();
  return database ? withDatabase(adminUrl, database) : adminUrl;
}

/** A fresh, migrated database of its own (a clone of the run's template). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { template } = info();
  const created = await createDatabase(`TEMPLATE "${template}"`);
  const db = createDb(created.url);
  return {
    url: created.url,
    db,
    drop: async () => {
      await db.$disconnect();
      await created.drop();
    },
  };
}

/** A fresh database with nothing in it (for the migrator's own tests). */
export function createEmptyTestDatabase(): Promise<EmptyTestDatabase> {
  return createDatabase("TEMPLATE template0");
}

async function createDatabase(clause: string): Promise<EmptyTestDatabase> {
  const name = `${info().prefix}_${randomBytes(5).toString("hex")}`;
  await withClient(testAdminUrl(), async (admin) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" ${clause}`);
        return;
      } catch (error) {
        // 55006: the template is briefly in use (e.g. by autovacuum); wait and retry.
        if ((error as { code?: string }).code !== "55006" || attempt === 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  });
  return {
    url: testAdminUrl(name),
    drop: () =>
      withClient(testAdminUrl(), (admin) =>
        admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      ).then(() => {}),
  };
}
