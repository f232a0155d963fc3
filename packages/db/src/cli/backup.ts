// `pnpm db:backup [--out <file>]`: an online backup of the embedded PostgreSQL into one archive (default
// `<DISCLOSE_DATA_DIR>/backups/disclose-<UTC time>.tar.gz`, mode 0600), while `pnpm start` keeps running; a
// stopped cluster is started for the backup and stopped again. See src/backup/base-backup.ts for the method.
import path from "node:path";
import { parseArgs } from "node:util";
import { backupEmbeddedDatabase } from "../backup/embedded-backup";
import { DEFAULT_EMBEDDED_PG_PORT, embeddedDataDir } from "../embedded/ensure-database";
import { readEnv } from "../env";
import { formatBytes, formatSeconds, MANAGED_DATABASE_BACKUPS } from "./backup-text";

try {
  const { values } = parseArgs({ options: { out: { type: "string", short: "o" } }, allowPositionals: false });
  const env = readEnv();
  if (env.DATABASE_URL) {
    console.error(
      `DATABASE_URL is set: \`pnpm db:backup\` backs up only the embedded PostgreSQL.\n${MANAGED_DATABASE_BACKUPS}`,
    );
    process.exitCode = 1;
  } else {
    const dataDir = path.join(embeddedDataDir(), "postgres");
    const started = performance.now();
    const result = await backupEmbeddedDatabase({
      dataDir,
      port: env.EMBEDDED_PG_PORT ?? DEFAULT_EMBEDDED_PG_PORT,
      backupsDir: path.join(embeddedDataDir(), "backups"),
      // pnpm runs package scripts in the package's folder; a path typed by the user is relative to theirs.
      file: values.out ? path.resolve(env.INIT_CWD ?? process.cwd(), values.out) : undefined,
    });
    const { manifest } = result;
    console.log(
      [
        `Wrote ${result.file}`,
        `  ${formatBytes(result.bytes)} (${formatBytes(result.dataBytes)} of data and WAL in ${manifest.files.length} files) in ${formatSeconds(performance.now() - started)}`,
        `  PostgreSQL ${manifest.postgresVersion}, system ${manifest.systemIdentifier}, WAL ${manifest.startLsn} to ${manifest.stopLsn}`,
        `  sha256 ${result.sha256}`,
        result.startedServer
          ? `  (the database in ${dataDir} was not running: it was started for the backup and stopped again)`
          : `  (taken online from the running database in ${dataDir})`,
        `Restore it with: pnpm db:restore ${result.file}`,
      ].join("\n"),
    );
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
