// `pnpm db:restore <file> [--check] [--allow-broken-audit-chain]`: replaces the embedded PostgreSQL's data with
// a backup from `pnpm db:backup`. The archive is verified whole and recovered and checked on a copy before the
// current data directory is moved aside (never deleted); --check only verifies the archive.
import path from "node:path";
import { parseArgs } from "node:util";
import { verifyBackupArchive } from "../backup/archive";
import { restoreEmbeddedDatabase } from "../backup/restore";
import { embeddedDataDir } from "../embedded/ensure-database";
import { readEnv } from "../env";
import { formatSeconds, MANAGED_DATABASE_BACKUPS } from "./backup-text";

try {
  const { values, positionals } = parseArgs({
    options: { check: { type: "boolean" }, "allow-broken-audit-chain": { type: "boolean" } },
    allowPositionals: true,
  });
  const env = readEnv();
  if (env.DATABASE_URL) {
    console.error(
      `DATABASE_URL is set: \`pnpm db:restore\` restores only the embedded PostgreSQL.\n${MANAGED_DATABASE_BACKUPS}`,
    );
    process.exitCode = 1;
  } else if (positionals.length !== 1) {
    console.error("Usage: pnpm db:restore <backup file> [--check] [--allow-broken-audit-chain]");
    process.exitCode = 2;
  } else {
    // pnpm runs package scripts in the package's folder; a path typed by the user is relative to theirs.
    const file = path.resolve(env.INIT_CWD ?? process.cwd(), positionals[0]!);
    const started = performance.now();
    if (values.check) {
      const manifest = await verifyBackupArchive(file);
      console.log(
        `${file} is complete and unchanged: ${manifest.files.length} files, PostgreSQL ${manifest.postgresVersion}, ` +
          `taken ${manifest.createdAt} (checked in ${formatSeconds(performance.now() - started)}).`,
      );
    } else {
      const dataDir = path.join(embeddedDataDir(), "postgres");
      const result = await restoreEmbeddedDatabase({
        file,
        dataDir,
        log: (line) => console.log(line),
        allowBrokenAuditChain: values["allow-broken-audit-chain"],
      });
      const lines = [`Restored ${file} into ${dataDir} in ${formatSeconds(performance.now() - started)}.`];
      lines.push(
        result.previousDataDir
          ? `The data directory it replaced was moved to ${result.previousDataDir} (delete it once you are sure).`
          : "There was no data directory before.",
      );
      if (result.counts) {
        const { reports, auditEvents, outboxMessages } = result.counts;
        lines.push(`  ${reports} reports, ${auditEvents} audit events, ${outboxMessages} outbox messages`);
      } else {
        lines.push("  The backup holds no `disclose` database (it was taken before the first migration).");
      }
      if (result.auditChain) {
        lines.push(
          result.auditChain.ok
            ? `  Audit chain verified (${result.auditChain.count} events).`
            : `  AUDIT CHAIN BROKEN at event ${result.auditChain.seq}: ${result.auditChain.reason}`,
        );
      }
      lines.push("Start it with `pnpm start`.");
      console.log(lines.join("\n"));
    }
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
