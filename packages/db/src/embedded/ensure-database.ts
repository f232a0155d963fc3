import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readEnv } from "../env";
import { createDatabaseIfMissing, serverUrl, startEmbeddedPostgres } from "./embedded-postgres";

export const DEFAULT_EMBEDDED_PG_PORT = 54329;
const APP_DATABASE = "disclose";

export interface EnsureDatabaseOptions {
  /** Default: `<repo root>/.data/postgres`. */
  dataDir?: string;
  /** Default: env EMBEDDED_PG_PORT, else 54329. */
  port?: number;
}

export interface DatabaseHandle {
  databaseUrl: string;
  /** Stops the embedded server if this call started it; a no-op for DATABASE_URL or a reused server. */
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set; otherwise an embedded PostgreSQL on the repo's `.data/postgres`, started if no
 * server for that data dir is already running, with the app database `disclose` created if missing.
 */
export async function ensureDatabase(options: EnsureDatabaseOptions = {}): Promise<DatabaseHandle> {
  const env = readEnv();
  if (env.DATABASE_URL) return { databaseUrl: env.DATABASE_URL, stop: async () => {} };

  const server = await startEmbeddedPostgres({
    dataDir: options.dataDir ?? path.join(findRepoRoot(), ".data", "postgres"),
    port: options.port ?? env.EMBEDDED_PG_PORT ?? DEFAULT_EMBEDDED_PG_PORT,
  });
  try {
    await createDatabaseIfMissing(server.adminUrl, APP_DATABASE);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { databaseUrl: serverUrl(server.port, APP_DATABASE), stop: server.stop };
}

/** The workspace root: the nearest parent of this package holding pnpm-workspace.yaml. */
export function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "pnpm-workspace.yaml"))) {
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error("Cannot find the repository root (no pnpm-workspace.yaml above @disclose/db)");
    dir = parent;
  }
  return dir;
}
