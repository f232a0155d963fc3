import { readFileSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDb, type Db } from "@disclose/db";
import { type DatabaseHandle, ensureDatabase, runMigrations, seedDemo } from "@disclose/db/ops";
import { installJobQueue } from "@disclose/email";
import { freePort, sleep } from "./ports";

export interface FaultCluster {
  /** The apps' role, as in production. */
  appUrl: string;
  /** The tables' owner: setup and the checks afterwards. */
  ownerUrl: string;
  /** A client as the owner, for the checks (reconnects by itself after a restart). */
  owner: Db;
  /** SIGKILLs the postmaster and waits until it is gone; returns its pid. */
  kill(): Promise<number>;
  /** Starts PostgreSQL again on the same data dir and port (crash recovery runs first). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * A PostgreSQL cluster of the test's own, in a temp dir on a free port, with durable commits (fsync on, as in
 * production: what a crash keeps is what the test checks), migrated, with the job queue and the demo PST keys.
 */
export async function startFaultCluster(): Promise<FaultCluster> {
  const root = await mkdtemp(path.join(tmpdir(), "disclose-fault-pg-"));
  // As root the server runs as `postgres`, which must reach the data dir inside this 0700 temp dir.
  await chmod(root, 0o755);
  const dataDir = path.join(root, "postgres");
  const port = await freePort();
  let handle: DatabaseHandle = await ensureDatabase({ dataDir, port });
  await runMigrations({ databaseUrl: handle.ownerUrl });
  await installJobQueue(handle.ownerUrl);
  const owner = createDb(handle.ownerUrl);
  await seedDemo(owner);

  const postmasterPid = () =>
    Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);

  return {
    appUrl: handle.appUrl,
    ownerUrl: handle.ownerUrl,
    owner,
    async kill() {
      const pid = postmasterPid();
      if (!(pid > 0 && isAlive(pid))) throw new Error(`no live postmaster for ${dataDir} (pid ${pid})`);
      process.kill(pid, "SIGKILL");
      for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(50);
      if (isAlive(pid)) throw new Error(`the postmaster (pid ${pid}) survived SIGKILL for 5 s`);
      return pid;
    },
    async restart() {
      // The killed server's backends notice their postmaster's death and exit within moments; until then the
      // new server refuses to start on their shared memory. A few bounded tries.
      let lastError: unknown;
      for (let attempt = 0; attempt < 10; attempt++) {
        try {
          handle = await ensureDatabase({ dataDir, port });
          return;
        } catch (error) {
          lastError = error;
          await sleep(500);
        }
      }
      throw new Error("PostgreSQL did not restart on its data dir", { cause: lastError });
    },
    async stop() {
      await owner.$disconnect().catch(() => {});
      await handle.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
