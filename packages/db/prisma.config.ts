import { defineConfig } from "prisma/config";
import { readEnv } from "./src/env";

// The datasource is only needed by `prisma migrate`/`db` commands (where the schema engine is available);
// `prisma generate` runs without it. Those commands change the schema, so they connect as the owner.
const { DATABASE_URL, DATABASE_OWNER_URL } = readEnv();

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  ...(DATABASE_URL ? { datasource: { url: DATABASE_OWNER_URL ?? DATABASE_URL } } : {}),
});
