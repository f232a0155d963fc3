export {
  type AuditChainResult,
  type AuditEventInput,
  appendAuditEvent,
  verifyAuditChain,
} from "./audit/audit-chain";
export { createDb, type Db, type DbTx, getDb } from "./client";
export { type DatabaseHandle, type EnsureDatabaseOptions, ensureDatabase } from "./embedded/ensure-database";
export * from "./generated/prisma/client";
export {
  MigrationError,
  type RunMigrationsOptions,
  type RunMigrationsResult,
  runMigrations,
} from "./migrate/run-migrations";
export { DEMO_USERS, seedDemo } from "./seed/seed-demo";
