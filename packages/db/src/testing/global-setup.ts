// Vitest globalSetup: one PostgreSQL for the whole run (DISCLOSE_TEST_PG_URL, else an embedded server in a
// temp dir) and a migrated template database that test files clone. Names are unique per run so that several
// packages' runs can share one server at the same time.
import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { runMigrations } from "../migrate/run-migrations";
import { APP_ROLE } from "../roles/app-role";
import { ensureLocalRoles, localRoleUrl, OWNER_ROLE } from "../roles/local-roles";
import { type TestPgInfo, withClient, withDatabase } from "./shared";
import { startTestPostgres } from "./test-server";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestPostgres();
  const prefix = `disclose_t${Date.now().toString(36)}${randomBytes(3).toString("hex")}`;
  const info: TestPgInfo = {
    adminUrl: server.adminUrl,
    ownerUrl: localRoleUrl(server.adminUrl, OWNER_ROLE),
    appUrl: localRoleUrl(server.adminUrl, APP_ROLE),
    template: `${prefix}_template`,
    prefix,
  };
  try {
    await ensureLocalRoles(info.adminUrl);
    await createTemplate(info);
  } catch (error) {
    await dropRunDatabases(info).catch(() => {});
    await server.stop();
    throw error;
  }
  project.provide("discloseTestPg", info);
  return async () => {
    await dropRunDatabases(info);
    await server.stop();
  };
}

async function createTemplate(info: TestPgInfo): Promise<void> {
  // Migrated by the owner role, as in production: proves no migration needs a superuser.
  await withClient(info.adminUrl, (admin) =>
    admin.query(`CREATE DATABASE "${info.template}" OWNER "${OWNER_ROLE}"`),
  );
  await runMigrations({ databaseUrl: withDatabase(info.ownerUrl, info.template) });
  // No connections from now on: CREATE DATABASE … TEMPLATE fails while anyone is connected to the template.
  await withClient(info.adminUrl, (admin) =>
    admin.query(`ALTER DATABASE "${info.template}" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`),
  );
}

async function dropRunDatabases(info: TestPgInfo): Promise<void> {
  await withClient(info.adminUrl, async (admin) => {
    const { rows } = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE starts_with(datname, $1)",
      [info.prefix],
    );
    for (const { datname } of rows) {
      await admin.query(`ALTER DATABASE "${datname}" WITH IS_TEMPLATE false`);
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  });
}
