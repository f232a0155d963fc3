export {
  BACKUP_FORMAT_VERSION,
  BackupArchiveError,
  type TBackupManifest,
  verifyBackupArchive,
} from "./archive";
export { type BaseBackupResult, takeBaseBackup } from "./base-backup";
export {
  backupEmbeddedDatabase,
  defaultBackupFile,
  type EmbeddedBackupOptions,
  type EmbeddedBackupResult,
} from "./embedded-backup";
export {
  type RestoredCounts,
  type RestoreOptions,
  RestoreRefusedError,
  type RestoreResult,
  restoreEmbeddedDatabase,
} from "./restore";
