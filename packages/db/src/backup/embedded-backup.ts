import { existsSync } from "node:fs";
import path from "node:path";
import { startEmbeddedPostgres } from "../embedded/embedded-postgres";
import { type BaseBackupOptions, type BaseBackupResult, takeBaseBackup } from "./base-backup";
import { timestamp } from "./restore";

export interface EmbeddedBackupOptions extends Pick<BaseBackupOptions, "onCopyStart" | "onWalEnd"> {
  /** The embedded cluster's data directory. */
  dataDir: string;
  /** Its port, used when the cluster is not running and the backup starts it. */
  port: number;
  /** Default: `<backupsDir>/disclose-<UTC time>.tar.gz`. */
  file?: string;
  backupsDir: string;
}

export interface EmbeddedBackupResult extends BaseBackupResult {
  /** True when the cluster was not running: the backup started it and stopped it again. */
  startedServer: boolean;
}

export function defaultBackupFile(backupsDir: string, date = new Date()): string {
  return path.join(backupsDir, `disclose-${timestamp(date)}.tar.gz`);
}

/**
 * Backs up the embedded cluster on `dataDir`, running or not: a running one (`pnpm start`) keeps serving and
 * writing throughout; a stopped one is started for the backup and stopped after.
 */
export async function backupEmbeddedDatabase(options: EmbeddedBackupOptions): Promise<EmbeddedBackupResult> {
  const dataDir = path.resolve(options.dataDir);
  // Starting the server on a missing data directory would initdb a new, empty cluster and back that up.
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    throw new Error(`There is no embedded database in ${dataDir} to back up (run \`pnpm start\` once first)`);
  }
  const server = await startEmbeddedPostgres({ dataDir, port: options.port });
  try {
    const result = await takeBaseBackup({
      adminUrl: server.adminUrl,
      dataDir,
      file: path.resolve(options.file ?? defaultBackupFile(options.backupsDir)),
      onCopyStart: options.onCopyStart,
      onWalEnd: options.onWalEnd,
    });
    return { ...result, startedServer: !server.reused };
  } finally {
    await server.stop();
  }
}
