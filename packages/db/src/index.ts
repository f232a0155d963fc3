// What the running apps need. Operations (migrate, embedded PostgreSQL, seed) are in `@disclose/db/ops`, so app
// bundles never pull in the migrator's file access or the embedded server.
export {
  type AuditChainHead,
  type AuditChainResult,
  type AuditEventInput,
  appendAuditEvent,
  type VerifyAuditChainOptions,
  verifyAuditChain,
} from "./audit/audit-chain";
export {
  type AnyTx,
  createDb,
  type Db,
  type DbTx,
  getDb,
  type SqlTx,
  sqlQuery,
  txQuery,
  withSqlTransaction,
} from "./client";
export * from "./generated/prisma/client";
export { APP_ROLE } from "./roles/app-role";
