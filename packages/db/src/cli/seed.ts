// `pnpm db:seed`: inserts the demo data (once), as the owner, into DATABASE_OWNER_URL/DATABASE_URL or the embedded
// PostgreSQL (started for the run and stopped afterwards; a server already running on .data/ is left running).
// The database must be migrated first (`pnpm db:migrate`).
import { createDb } from "../client";
import { ensureDatabase } from "../embedded/ensure-database";
import { seedDemo } from "../seed/seed-demo";

try {
  const database = await ensureDatabase();
  const db = createDb(database.ownerUrl);
  try {
    const { seeded } = await seedDemo(db);
    console.log(seeded ? "Demo data seeded." : "Demo data already present; nothing to do.");
  } finally {
    await db.$disconnect();
    await database.stop();
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
