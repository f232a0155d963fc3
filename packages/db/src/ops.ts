// Operations run by the launcher and CLIs, never by the apps: migrations, embedded PostgreSQL, demo data.
export { type DatabaseHandle, type EnsureDatabaseOptions, ensureDatabase } from "./embedded/ensure-database";
export { requireDatabaseUrl } from "./env";
export {
  MigrationError,
  pendingMigrations,
  type RunMigrationsOptions,
  type RunMigrationsResult,
  runMigrations,
} from "./migrate/run-migrations";
export {
  checkAppConnection,
  ensureLocalRoles,
  localRoleUrl,
  OWNER_ROLE,
  prepareLocalDatabase,
} from "./roles/local-roles";
export {
  DEMO_ORGANIZATION_NAME,
  DEMO_PGP_PASSPHRASE,
  DEMO_USERS,
  getDemoPrivateKeys,
  seedDemo,
  type TDemoPrivateKey,
} from "./seed/seed-demo";
