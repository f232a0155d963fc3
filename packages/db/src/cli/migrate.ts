// `pnpm db:migrate`: applies pending migrations as the tables' owner (DATABASE_OWNER_URL, else DATABASE_URL) or, when
// DATABASE_URL is unset, to the embedded PostgreSQL (started for the run and stopped afterwards; a server already
// running on .data/ is left running).
import { ensureDatabase } from "../embedded/ensure-database";
import { runMigrations } from "../migrate/run-migrations";

try {
  const database = await ensureDatabase();
  try {
    const started = performance.now();
    const { applied, alreadyApplied } = await runMigrations({
      databaseUrl: database.ownerUrl,
      log: (line) => console.log(line),
    });
    const ms = Math.round(performance.now() - started);
    console.log(
      applied.length === 0
        ? `No pending migrations (${alreadyApplied.length} already applied).`
        : `Applied ${applied.length} migration(s) in ${ms} ms.`,
    );
  } finally {
    await database.stop();
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
