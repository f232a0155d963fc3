// `pnpm db:migrate` runs this after the SQL migrations: installs or upgrades graphile-worker's schema and grants the
// app role its use, as the tables' owner (DATABASE_OWNER_URL, else DATABASE_URL; the embedded PostgreSQL when
// DATABASE_URL is unset). The worker itself runs as the app role, which may not change that schema.
import { ensureDatabase } from "@disclose/db/ops";
import { installJobQueue } from "../worker";

try {
  const database = await ensureDatabase();
  try {
    await installJobQueue(database.ownerUrl);
    console.log("Job queue (graphile_worker) is installed and granted to the app role.");
  } finally {
    await database.stop();
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
