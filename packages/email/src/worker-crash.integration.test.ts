// Fault test: the email worker killed mid-delivery. Its own database, a tiny SMTP server on 127.0.0.1 that can
// hold the DATA phase, and the worker CLI as a real child process (node + tsx) that is SIGKILLed while a
// delivery is in flight; a new worker process must then deliver every message, a duplicate only with its
// Message-ID. Every wait is bounded.
import { type ChildProcess, spawn } from "node:child_process";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createDb, type Db } from "@disclose/db";
import { createTestDatabase } from "@disclose/db/testing";
import { simpleParser } from "mailparser";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { messageIdFor } from "./message";
import { enqueueEmail, jobKeyFor } from "./outbox";
import {
  createWorkerLogger,
  type EmailWorker,
  installJobQueue,
  type RunWorkerOptions,
  runWorker,
} from "./worker";
import { LIVENESS_LOCK_CLASS, WorkerLiveness } from "./worker-liveness";

const FROM = "Disclose <security@disclose.test>";
const PACKAGE_DIR = path.resolve(import.meta.dirname, "..");

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let app: Db;
let admin: pg.Client;
const children = new Set<ChildProcess>();
const servers = new Set<HoldingSmtp>();

beforeAll(async () => {
  t = await createTestDatabase();
  await installJobQueue(t.ownerUrl);
  app = createDb(t.appUrl);
  admin = new pg.Client({ connectionString: t.url });
  await admin.connect();
});

afterEach(async () => {
  for (const child of children) child.kill("SIGKILL");
  children.clear();
  for (const server of servers) await server.stop();
  servers.clear();
});

afterAll(async () => {
  await admin?.end();
  await app?.$disconnect();
  await t?.drop();
});

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Receipt {
  subject: string;
  messageId: string;
}

interface HoldingSmtp {
  url: string;
  receipts: Receipt[];
  /** DATA phases received whole but not yet answered. */
  held: number;
  /** Answers the held ones with 250. */
  releaseHeld(): void;
  stop(): Promise<void>;
}

/**
 * An SMTP server that records each message when its DATA phase ends (the server has it all: the moment after
 * which a lost connection leaves the sender not knowing), and leaves the first `hold` of them unanswered
 * until releaseHeld(), so a delivery stays in flight as long as the test wants.
 */
async function startHoldingSmtp(hold: number): Promise<HoldingSmtp> {
  const receipts: Receipt[] = [];
  const waiting: Array<() => void> = [];
  let holding = 0;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["AUTH", "STARTTLS"],
    authOptional: true,
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          receipts.push({ subject: mail.subject ?? "", messageId: mail.messageId ?? "" });
          if (holding < hold) {
            holding++;
            result.held++;
            waiting.push(() => callback(null));
            return;
          }
          callback(null);
        },
        (error: Error) => callback(error),
      );
    },
  });
  server.on("error", () => {
    // A killed client's connection breaks here; the server keeps serving.
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  const result: HoldingSmtp = {
    url: `smtp://127.0.0.1:${port}`,
    receipts,
    held: 0,
    releaseHeld() {
      for (const answer of waiting.splice(0)) answer();
      result.held = 0;
    },
    async stop() {
      result.releaseHeld();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  servers.add(result);
  return result;
}

interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<NodeJS.Signals | number | null>;
}

/** The worker CLI, as in production, in a process of its own: `node --import tsx src/cli/worker.ts`. */
function startWorkerProcess(smtpUrl: string): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/worker.ts"], {
    cwd: PACKAGE_DIR,
    // Only what the worker needs: nothing of the test runner's own environment leaks in.
    env: { DATABASE_URL: t.appUrl, SMTP_URL: smtpUrl, MAIL_FROM: FROM, EMAIL_WORKER_SWEEP_MS: "500" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => {
    child.on("exit", (code, signal) => {
      children.delete(child);
      resolve(signal ?? code);
    });
  });
  return { child, output: () => output, exited };
}

async function enqueue(n: number, label: string): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  await app.$transaction(async (tx) => {
    for (let i = 0; i < n; i++) {
      const subject = `${label} ${i}`;
      const { id } = await enqueueEmail(tx, { to: `user${i}@example.org`, subject, text: `Message ${i}` });
      ids.set(subject, id);
    }
  });
  return ids;
}

async function lockersOf(ids: Iterable<string>): Promise<Map<string, string | null>> {
  const { rows } = await admin.query<{ key: string; locked_by: string | null }>(
    "SELECT key, locked_by FROM graphile_worker._private_jobs WHERE key = ANY($1::text[])",
    [[...ids].map(jobKeyFor)],
  );
  return new Map(rows.map((r) => [r.key, r.locked_by]));
}

/** The backend that holds `poolId`'s liveness lock, if any. */
async function livenessHolder(poolId: string): Promise<number | undefined> {
  const { rows } = await admin.query<{ pid: number }>(
    `SELECT pid FROM pg_locks
      WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid = $1::int::oid
        AND objid = hashtext($2::text)::oid
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [LIVENESS_LOCK_CLASS, poolId],
  );
  return rows[0]?.pid;
}

const holdsLiveness = async (poolId: string) => (await livenessHolder(poolId)) !== undefined;

async function countSent(ids: Iterable<string>): Promise<number> {
  return app.outboxMessage.count({ where: { id: { in: [...ids] }, status: "SENT" } });
}

describe("the email worker killed mid-delivery", () => {
  it("delivers every message once a worker is back; a message sent twice keeps its Message-ID", async () => {
    const smtp = await startHoldingSmtp(2);
    const ids = await enqueue(20, "Crash");

    const first = startWorkerProcess(smtp.url);
    await waitFor("a delivery in flight (DATA received, not yet answered)", async () => smtp.held > 0).catch(
      (e: unknown) => {
        throw new Error(`${String(e)}\nworker output:\n${first.output()}`);
      },
    );
    // Its second worker slot takes the next job at once; give it a moment to be in flight too.
    await waitFor("both deliveries in flight", async () => smtp.held === 2, 3_000).catch(() => {});
    const inFlight = smtp.receipts.map((r) => r.subject);
    expect(inFlight.length).toBeGreaterThan(0);
    const inFlightIds = inFlight.map((s) => ids.get(s) as string);
    const lockers = await lockersOf(inFlightIds);
    const deadPool = lockers.get(jobKeyFor(inFlightIds[0] as string));
    expect(deadPool).toMatch(/^pool-/);
    for (const id of inFlightIds) expect(lockers.get(jobKeyFor(id))).toBe(deadPool);
    expect(await holdsLiveness(deadPool as string)).toBe(true);
    expect(await countSent(ids.values())).toBe(0);

    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");
    // PostgreSQL ends the dead process's sessions, and with them its liveness lock; its jobs stay locked
    // (graphile-worker alone would wait four hours).
    await waitFor(
      "the dead worker's liveness lock to go",
      async () => !(await holdsLiveness(deadPool as string)),
    );
    expect((await lockersOf(inFlightIds)).get(jobKeyFor(inFlightIds[0] as string))).toBe(deadPool);

    const restartedAt = Date.now();
    const second = startWorkerProcess(smtp.url);
    let readyAfter: number | undefined;
    second.child.stdout?.on("data", () => {
      if (readyAfter === undefined && second.output().includes("email worker: delivering")) {
        readyAfter = Date.now() - restartedAt;
      }
    });
    await waitFor(
      "every message SENT",
      async () => (await countSent(ids.values())) === ids.size,
      30_000,
    ).catch((e: unknown) => {
      throw new Error(`${String(e)}\nworker output:\n${second.output()}`);
    });
    const elapsed = Date.now() - restartedAt;
    console.log(
      `worker-crash: all ${ids.size} messages SENT ${elapsed} ms after the new worker process started ` +
        `(${readyAfter === undefined ? "?" : elapsed - readyAfter} ms after it was ready)`,
    );
    expect(second.output()).toContain(`unlocked the jobs of stopped worker(s) ${deadPool}`);

    const bySubject = new Map<string, string[]>();
    for (const r of smtp.receipts)
      bySubject.set(r.subject, [...(bySubject.get(r.subject) ?? []), r.messageId]);
    for (const [subject, id] of ids) {
      const received = bySubject.get(subject) ?? [];
      expect(received.length, subject).toBeGreaterThanOrEqual(1);
      for (const messageId of received) expect(messageId, subject).toBe(messageIdFor(id, FROM));
    }
    // Exactly the ones in flight were received twice: the server had them when the sender died.
    const twice = [...bySubject].filter(([, got]) => got.length > 1).map(([subject]) => subject);
    expect(twice.sort()).toEqual([...inFlight].sort());
    expect([...bySubject.values()].every((got) => got.length <= 2)).toBe(true);

    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
    const { rows } = await admin.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM graphile_worker._private_jobs",
    );
    expect(rows[0]?.n).toBe(0);
  }, 60_000);
});

describe("sweeps and live workers", () => {
  const workers: EmailWorker[] = [];
  afterEach(async () => {
    for (const w of workers.splice(0)) await w.stop().catch(() => {});
  });

  const start = async (smtpUrl: string, options: Partial<RunWorkerOptions>) => {
    const worker = await runWorker({
      databaseUrl: t.appUrl,
      smtpUrl,
      from: FROM,
      pollInterval: 200,
      logLevel: "silent",
      ...options,
    });
    workers.push(worker);
    return worker;
  };

  it("never unlocks the jobs of a live worker, and that worker delivers its message once", async () => {
    const smtp = await startHoldingSmtp(1);
    const busy = await start(smtp.url, { concurrency: 1, sweepInterval: 200 });
    const ids = await enqueue(1, "Live");
    const [id] = [...ids.values()] as [string];
    await waitFor("the delivery in flight", async () => smtp.held === 1);
    const poolId = busy.poolId as string;
    expect((await lockersOf([id])).get(jobKeyFor(id))).toBe(poolId);

    const sweeps: string[][] = [];
    await start(smtp.url, { concurrency: 1, sweepInterval: 100, onSweep: (dead) => sweeps.push(dead) });
    await waitFor("ten sweeps by the other worker", async () => sweeps.length >= 10, 10_000);
    expect(sweeps.flat()).toEqual([]);
    expect((await lockersOf([id])).get(jobKeyFor(id))).toBe(poolId);

    smtp.releaseHeld();
    await waitFor("SENT", async () => (await countSent([id])) === 1);
    expect(smtp.receipts.map((r) => r.messageId)).toEqual([messageIdFor(id, FROM)]);
  });

  it("takes its liveness lock again when its session is ended (as by a PostgreSQL restart)", async () => {
    const smtp = await startHoldingSmtp(0);
    const worker = await start(smtp.url, { concurrency: 1, sweepInterval: 200 });
    await waitFor("the worker's pool id", async () => worker.poolId !== undefined);
    const poolId = worker.poolId as string;
    const before = await waitFor("the liveness lock", () => livenessHolder(poolId));
    const { rows } = await admin.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE application_name = $1",
      [`disclose-email-worker ${poolId}`],
    );
    expect(rows.map((r) => r.pid)).toEqual([before]);
    await admin.query("SELECT pg_terminate_backend($1)", [before]);
    const after = await waitFor("the lock taken again by a new session", async () => {
      const pid = await livenessHolder(poolId);
      return pid !== undefined && pid !== before && pid;
    });
    expect(after).not.toBe(before);

    // And the worker still delivers.
    const ids = await enqueue(1, "After");
    await waitFor("SENT", async () => (await countSent(ids.values())) === 1);
  });

  it("waits for its key while another session holds it, takes it once free, and can always stop", async () => {
    const other = new pg.Client({ connectionString: t.url });
    await other.connect();
    const liveness = new WorkerLiveness({
      databaseUrl: t.appUrl,
      logger: createWorkerLogger("silent"),
      maxRetryMs: 100,
    });
    const otherPid = (await other.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid;
    try {
      await other.query("SELECT pg_advisory_lock($1::int, hashtext('pool-test'))", [LIVENESS_LOCK_CLASS]);
      let held = false;
      const started = liveness.start("pool-test").then(() => {
        held = liveness.isHeld;
      });
      await new Promise((r) => setTimeout(r, 500));
      expect(liveness.isHeld).toBe(false);
      await other.query("SELECT pg_advisory_unlock($1::int, hashtext('pool-test'))", [LIVENESS_LOCK_CLASS]);
      await started;
      expect(held).toBe(true);
      expect(await livenessHolder("pool-test")).not.toBe(otherPid);

      const waiting = new WorkerLiveness({
        databaseUrl: t.appUrl,
        logger: createWorkerLogger("silent"),
        maxRetryMs: 100,
      });
      const never = waiting.start("pool-test");
      waiting.stopWaiting();
      await never;
      expect(waiting.isHeld).toBe(false);
      await waiting.stop();
    } finally {
      await liveness.stop();
      await other.end();
    }
    expect(await livenessHolder("pool-test")).toBeUndefined();
  });
});
