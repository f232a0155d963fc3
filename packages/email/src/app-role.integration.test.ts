// The outbox as in production: the job queue installed by the tables' owner, messages enqueued and delivered by
// the app role (APP_ROLE), which may use graphile_worker but not change it.
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { APP_ROLE, createDb, type Db } from "@disclose/db";
import { createTestDatabase } from "@disclose/db/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messageIdFor } from "./message";
import { enqueueEmail, requeueEmail } from "./outbox";
import { listSinkMessages } from "./sink/client";
import { type SmtpSink, startSmtpSink } from "./sink/server";
import { installJobQueue, type RunWorkerOptions, runWorker } from "./worker";

const FROM = "Disclose <security@disclose.test>";

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let app: Db;
let sink: SmtpSink;
let dir: string;

beforeAll(async () => {
  t = await createTestDatabase();
  await installJobQueue(t.ownerUrl);
  app = createDb(t.appUrl);
  dir = await mkdtemp(path.join(tmpdir(), "disclose-app-role-"));
  sink = await startSmtpSink({ smtpPort: 0, httpPort: 0, dir });
});

afterAll(async () => {
  await sink?.stop();
  await app?.$disconnect();
  await t?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function withAppWorker(options: Partial<RunWorkerOptions>, body: () => Promise<void>) {
  const worker = await runWorker({
    databaseUrl: t.appUrl,
    smtpUrl: sink.smtpUrl,
    from: FROM,
    pollInterval: 100,
    logLevel: "silent",
    ...options,
  });
  try {
    await body();
  } finally {
    await worker.stop();
  }
}

const status = async (id: string) => (await app.outboxMessage.findUniqueOrThrow({ where: { id } })).status;
const delivered = async (id: string) =>
  (await listSinkMessages({ baseUrl: sink.baseUrl })).filter((m) => m.messageId === messageIdFor(id, FROM));

describe("the outbox as the app role", () => {
  it("enqueues a message and a worker delivers it", async () => {
    await withAppWorker({}, async () => {
      const { id } = await app.$transaction((tx) =>
        enqueueEmail(tx, { to: "reporter@example.org", subject: "As the app role", text: "Hello" }),
      );
      await waitFor("SENT", async () => (await status(id)) === "SENT");
      expect(await delivered(id)).toHaveLength(1);
    });
  });

  it("reschedules a failed attempt, marks the message FAILED after the last one, and a requeue delivers it", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((r) => closed.close(() => r()));
    const { id } = await app.$transaction((tx) =>
      enqueueEmail(tx, { to: "later@example.org", subject: "Retried", text: "Hi" }, { maxAttempts: 2 }),
    );
    await withAppWorker({ smtpUrl: `smtp://127.0.0.1:${port}` }, async () => {
      await waitFor("FAILED after two attempts", async () => (await status(id)) === "FAILED");
    });
    expect(await app.$transaction((tx) => requeueEmail(tx, id))).toBe(true);
    await withAppWorker({}, async () => {
      await waitFor("SENT after the requeue", async () => (await status(id)) === "SENT");
    });
    expect(await delivered(id)).toHaveLength(1);
  });

  it("runs extra tasks from a crontab: registers it in known_crontabs and schedules a missed run", async () => {
    const runs: unknown[] = [];
    // Known since long ago and last run two minutes ago, so the start backfills (?fill) at once instead of
    // the test waiting for the next minute; scheduling records the run (INSERT … ON CONFLICT DO UPDATE).
    const owner = new pg.Client({ connectionString: t.ownerUrl });
    await owner.connect();
    try {
      await owner.query(
        `INSERT INTO graphile_worker._private_known_crontabs (identifier, known_since, last_execution)
         VALUES ('tick', now() - interval '1 day', date_trunc('minute', now()) - interval '2 minutes')`,
      );
    } finally {
      await owner.end();
    }
    await withAppWorker(
      {
        crontab: "* * * * * tick ?fill=5m&id=tick",
        extraTasks: {
          tick: async (payload) => {
            runs.push(payload);
          },
        },
      },
      async () => {
        await waitFor("a backfilled cron run", async () => runs.length > 0);
      },
    );
    const admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM graphile_worker._private_known_crontabs
          WHERE identifier = 'tick' AND last_execution >= date_trunc('minute', now()) - interval '1 minute'`,
      );
      expect(rows[0]?.n).toBe(1);
    } finally {
      await admin.end();
    }
  });

  it("refuses extra tasks that would replace send-email", async () => {
    await expect(
      runWorker({
        databaseUrl: t.appUrl,
        smtpUrl: sink.smtpUrl,
        from: FROM,
        extraTasks: { "send-email": async () => {} },
      }),
    ).rejects.toThrow(/send-email/);
  });

  it("gives the app role only what the queue needs, and nothing to change it with", async () => {
    const admin = new pg.Client({ connectionString: t.url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ name: string; privileges: string }>(
        `SELECT c.relname AS name,
                array_to_string(ARRAY(
                  SELECT p FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES',
                                             'TRIGGER', 'MAINTAIN']) AS p
                   WHERE has_table_privilege($1, c.oid, p)), ', ') AS privileges
           FROM pg_class c
          WHERE c.relnamespace = 'graphile_worker'::regnamespace AND c.relkind IN ('r', 'v')
          ORDER BY 1`,
        [APP_ROLE],
      );
      expect(Object.fromEntries(rows.map((r) => [r.name, r.privileges]))).toEqual({
        _private_job_queues: "SELECT, INSERT, UPDATE, DELETE",
        _private_jobs: "SELECT, INSERT, UPDATE, DELETE",
        _private_known_crontabs: "SELECT, INSERT, UPDATE",
        _private_tasks: "SELECT, INSERT",
        jobs: "",
        migrations: "SELECT",
      });
      const functions = await admin.query<{ name: string }>(
        `SELECT proname AS name FROM pg_proc
          WHERE pronamespace = 'graphile_worker'::regnamespace AND has_function_privilege($1, oid, 'EXECUTE')`,
        [APP_ROLE],
      );
      expect(functions.rows.map((r) => r.name).sort()).toEqual([
        "add_job",
        "add_jobs",
        "force_unlock_workers",
      ]);
    } finally {
      await admin.end();
    }
    const asApp = new pg.Client({ connectionString: t.appUrl });
    await asApp.connect();
    try {
      for (const sql of [
        "ALTER TABLE graphile_worker._private_jobs DISABLE ROW LEVEL SECURITY",
        "DROP POLICY disclose_app ON graphile_worker._private_jobs",
        "DELETE FROM graphile_worker.migrations",
        "CREATE TABLE graphile_worker.mine (id int)",
        "CREATE OR REPLACE FUNCTION graphile_worker.mine() RETURNS int LANGUAGE sql AS 'SELECT 1'",
      ]) {
        await expect(asApp.query(sql), sql).rejects.toMatchObject({ code: "42501" });
      }
    } finally {
      await asApp.end();
    }
  });
});
