// Databases for integration tests; needs the globalSetup `@disclose/db/testing/global-setup` in vitest.config.
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { createDb, type Db } from "../client";
import { APP_ROLE } from "../roles/app-role";
import { OWNER_ROLE } from "../roles/local-roles";
import { type TestPgInfo, withClient, withDatabase } from "./shared";

export type { TestPgInfo } from "./shared";

export interface TestDatabase {
  /** A superuser's URL (what `db` uses): for setting up and inspecting, and for tests that tamper. */
  url: string;
  /** The owner role's URL: runs migrations and the job queue's install, as in production. */
  ownerUrl: string;
  /** The app role's URL: what the apps and the worker connect as in production. */
  appUrl: string;
  db: Db;
  /** Disconnects `db` and drops the database (teardown also drops what a test left behind). */
  drop(): Promise<void>;
}

export interface EmptyTestDatabase {
  /** A superuser's URL. */
  url: string;
  ownerUrl: string;
  appUrl: string;
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
    ...created,
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
        await admin.query(`CREATE DATABASE "${name}" ${clause} OWNER "${OWNER_ROLE}"`);
        break;
      } catch (error) {
        // 55006: the template is briefly in use (e.g. by autovacuum); wait and retry.
        if ((error as { code?: string }).code !== "55006" || attempt === 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
    // A new database's CONNECT and TEMPORARY are PUBLIC's; the app role gets CONNECT only.
    await admin.query(`REVOKE ALL ON DATABASE "${name}" FROM PUBLIC`);
    await admin.query(`GRANT CONNECT ON DATABASE "${name}" TO "${APP_ROLE}"`);
  });
  const { ownerUrl, appUrl } = info();
  return {
    url: testAdminUrl(name),
    ownerUrl: withDatabase(ownerUrl, name),
    appUrl: withDatabase(appUrl, name),
    drop: () =>
      withClient(testAdminUrl(), (admin) =>
        admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      ).then(() => {}),
  };
}
