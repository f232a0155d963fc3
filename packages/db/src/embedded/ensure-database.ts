import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readEnv } from "../env";
import { APP_ROLE } from "../roles/app-role";
import { ensureLocalRoles, localRoleUrl, OWNER_ROLE, prepareLocalDatabase } from "../roles/local-roles";
import { createDatabaseIfMissing, serverUrl, startEmbeddedPostgres } from "./embedded-postgres";

export const DEFAULT_EMBEDDED_PG_PORT = 54329;
const APP_DATABASE = "disclose";

export interface EnsureDatabaseOptions {
  /** Default: `<DISCLOSE_DATA_DIR>/postgres`, see embeddedDataDir(). */
  dataDir?: string;
  /** Default: env EMBEDDED_PG_PORT, else 54329. */
  port?: number;
}

export interface DatabaseHandle {
  /** For the apps and the outbox worker: the app role, which may not alter the schema or the audit log. */
  appUrl: string;
  /** For migrations, the job queue's install and the seed: the role that owns the tables. */
  ownerUrl: string;
  /** Stops the embedded server if this call started it; a no-op for DATABASE_URL or a reused server. */
  stop(): Promise<void>;
}

/**
 * DATABASE_URL (the apps' role) and DATABASE_OWNER_URL (the owner's, DATABASE_URL when unset) when set;
 * otherwise an embedded PostgreSQL on the repo's `.data/postgres`, started if no server for that data dir is
 * already running, with the database `disclose`, its owner role and the app role created if missing.
 */
export async function ensureDatabase(options: EnsureDatabaseOptions = {}): Promise<DatabaseHandle> {
  const env = readEnv();
  if (env.DATABASE_URL) {
    return {
      appUrl: env.DATABASE_URL,
      ownerUrl: env.DATABASE_OWNER_URL ?? env.DATABASE_URL,
      stop: async () => {},
    };
  }

  const server = await startEmbeddedPostgres({
    dataDir: options.dataDir ?? path.join(embeddedDataDir(), "postgres"),
    port: options.port ?? env.EMBEDDED_PG_PORT ?? DEFAULT_EMBEDDED_PG_PORT,
  });
  try {
    await createDatabaseIfMissing(server.adminUrl, APP_DATABASE);
    await ensureLocalRoles(server.adminUrl);
    await prepareLocalDatabase(server.adminUrl, APP_DATABASE);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const url = serverUrl(server.port, APP_DATABASE);
  return {
    appUrl: localRoleUrl(url, APP_ROLE),
    ownerUrl: localRoleUrl(url, OWNER_ROLE),
    stop: server.stop,
  };
}

/** DISCLOSE_DATA_DIR (relative to the repository root, as `pnpm start` reads it there), else `<root>/.data`. */
export function embeddedDataDir(): string {
  return path.resolve(findRepoRoot(), readEnv().DISCLOSE_DATA_DIR ?? ".data");
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
