import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../embedded/embedded-postgres";
import { freePort } from "../embedded/free-port";
import { readEnv } from "../env";

/**
 * The test run's PostgreSQL server: DISCLOSE_TEST_PG_URL when set, else an embedded server in a temp dir on a free
 * port (durability off), deleted again by stop(). `pnpm test` starts one for all packages; a package's own vitest
 * run starts one when none is given.
 */
export async function startTestPostgres(): Promise<{ adminUrl: string; stop(): Promise<void> }> {
  const url = readEnv().DISCLOSE_TEST_PG_URL;
  if (url) return { adminUrl: url, stop: async () => {} };

  const dir = await mkdtemp(path.join(tmpdir(), "disclose-test-pg-"));
  // As root the server runs as `postgres`, which must reach the data dir inside this 0700 temp dir.
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dir, "data"),
    port: await freePort(),
    fast: true,
  });
  return {
    adminUrl: server.adminUrl,
    stop: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
