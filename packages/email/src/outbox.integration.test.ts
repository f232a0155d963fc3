import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase } from "@disclose/db/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deliverOutboxMessage } from "./deliver";
import { InvalidEmailError, messageIdFor } from "./message";
import { enqueueEmail, enqueueEmails, jobKeyFor, requeueEmail } from "./outbox";
import { clearSinkMessages, listSinkMessages } from "./sink/client";
import { type SmtpSink, startSmtpSink } from "./sink/server";
import { createTransport } from "./transport";
import { type EmailWorker, installJobQueue, type RunWorkerOptions, runWorker } from "./worker";

const FROM = "Disclose <security@disclose.test>";

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let sink: SmtpSink;
const dirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "disclose-outbox-"));
  dirs.push(dir);
  return dir;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 10_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function startWorker(options: Partial<RunWorkerOptions> = {}): Promise<EmailWorker> {
  return runWorker({
    databaseUrl: t.url,
    smtpUrl: sink.smtpUrl,
    from: FROM,
    pollInterval: 100,
    logLevel: "silent",
    ...options,
  });
}

async function withWorker<T>(options: Partial<RunWorkerOptions>, body: () => Promise<T>): Promise<T> {
  const worker = await startWorker(options);
  try {
    return await body();
  } finally {
    await worker.stop();
  }
}

const outbox = (id: string) => t.db.outboxMessage.findUniqueOrThrow({ where: { id } });

async function jobsFor(id: string) {
  return t.db.$queryRaw<
    { attempts: number; max_attempts: number; run_at: Date; last_error: string | null }[]
  >`
    SELECT attempts, max_attempts, run_at, last_error FROM graphile_worker.jobs WHERE key = ${jobKeyFor(id)}`;
}

async function inSink(s: SmtpSink, outboxId: string) {
  const messageId = messageIdFor(outboxId, FROM);
  return (await listSinkMessages({ baseUrl: s.baseUrl })).filter((m) => m.messageId === messageId);
}

function message(n: number | string) {
  return {
    to: `reporter${n}@example.org`,
    subject: `Outbox test ${n}`,
    text: `Body ${n}`,
    html: `<p>Body ${n}</p>`,
  };
}

beforeAll(async () => {
  t = await createTestDatabase();
  await installJobQueue(t.url);
  sink = await startSmtpSink({ smtpPort: 0, httpPort: 0, dir: await tempDir() });
});

afterAll(async () => {
  await sink?.stop();
  await t?.drop();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  // Each test starts with an empty queue and mailbox, so leftovers of one test never reach another's sink.
  await t.db.$executeRaw`DELETE FROM graphile_worker._private_jobs`;
  await clearSinkMessages({ baseUrl: sink.baseUrl });
});

describe("enqueueEmail", () => {
  it("writes nothing when the surrounding transaction rolls back", async () => {
    let id: string | undefined;
    await expect(
      t.db.$transaction(async (tx) => {
        id = (await enqueueEmail(tx, message("rollback"))).id;
        expect(await tx.outboxMessage.count({ where: { id } })).toBe(1);
        throw new Error("the change that caused the email failed");
      }),
    ).rejects.toThrow("the change that caused the email failed");
    expect(id).toBeDefined();
    expect(await t.db.outboxMessage.count({ where: { id: id! } })).toBe(0);
    expect(await jobsFor(id!)).toEqual([]);
  });

  it("commits the message and its job together", async () => {
    const { id } = await t.db.$transaction((tx) => enqueueEmail(tx, message("commit"), { maxAttempts: 7 }));
    expect(await outbox(id)).toMatchObject({
      status: "PENDING",
      attempts: 0,
      toAddress: "reportercommit@example.org",
    });
    expect(await jobsFor(id)).toMatchObject([{ attempts: 0, max_attempts: 7 }]);
  });

  it.each(["not-an-address", "a@example.org, b@example.org", "a@example.org\r\nBcc: eve@example.org"])(
    "refuses the address %j and writes nothing",
    async (to) => {
      const before = await t.db.outboxMessage.count();
      await expect(
        t.db.$transaction((tx) => enqueueEmail(tx, { ...message("bad"), to })),
      ).rejects.toBeInstanceOf(InvalidEmailError);
      expect(await t.db.outboxMessage.count()).toBe(before);
    },
  );
});

describe("enqueueEmails", () => {
  it("commits every message, its attachments and its job in a few statements, and the worker delivers them", async () => {
    const calendar = { filename: "e.ics", contentType: "text/calendar", content: new Uint8Array([66, 69]) };
    const messages = Array.from({ length: 2_500 }, (_, n) => ({
      ...message(`batch${n}`),
      ...(n % 2 === 0 ? { attachments: [calendar, { ...calendar, filename: "f.ics" }] } : {}),
    }));
    const { ids } = await t.db.$transaction((tx) => enqueueEmails(tx, messages, { maxAttempts: 3 }));
    expect(new Set(ids).size).toBe(2_500);
    expect(await t.db.outboxMessage.count({ where: { id: { in: ids }, status: "PENDING" } })).toBe(2_500);
    const [row] = await t.db.$queryRaw<{ n: bigint; keys: bigint; max: number }[]>`
      SELECT count(*) AS n, count(DISTINCT key) AS keys, max(max_attempts) AS max FROM graphile_worker.jobs`;
    expect({ n: Number(row?.n), keys: Number(row?.keys), max: row?.max }).toEqual({
      n: 2_500,
      keys: 2_500,
      max: 3,
    });
    expect(await jobsFor(ids[1_234]!)).toHaveLength(1);
    const files = await t.db.$queryRaw<{ file_name: string; position: number }[]>`
      SELECT file_name, position FROM outbox_attachments WHERE outbox_message_id = ${ids[2]}::uuid ORDER BY position`;
    expect(files).toEqual([
      { file_name: "e.ics", position: 0 },
      { file_name: "f.ics", position: 1 },
    ]);
    expect(await outbox(ids[7]!)).toMatchObject({
      toAddress: "reporterbatch7@example.org",
      subject: "Outbox test batch7",
    });

    await t.db.$executeRaw`DELETE FROM graphile_worker._private_jobs WHERE key <> ${jobKeyFor(ids[0]!)}`;
    await withWorker({}, () =>
      waitFor("the first message in the sink", async () => (await inSink(sink, ids[0]!)).length),
    );
  });

  it("refuses them all, writing nothing, when one message is refused", async () => {
    const before = await t.db.outboxMessage.count();
    await expect(
      t.db.$transaction((tx) =>
        enqueueEmails(tx, [
          message("ok1"),
          { ...message("bad"), to: "a@example.org\r\nBcc: eve@example.org" },
        ]),
      ),
    ).rejects.toBeInstanceOf(InvalidEmailError);
    expect(await t.db.outboxMessage.count()).toBe(before);
  });

  it("writes nothing when the surrounding transaction rolls back", async () => {
    const before = await t.db.outboxMessage.count();
    await expect(
      t.db.$transaction(async (tx) => {
        await enqueueEmails(tx, [message("r1"), message("r2")]);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await t.db.outboxMessage.count()).toBe(before);
    expect(await t.db.$queryRaw<unknown[]>`SELECT 1 FROM graphile_worker.jobs`).toEqual([]);
  });
});

describe("outbox worker", () => {
  it("delivers a committed message to the sink exactly once", async () => {
    await withWorker({}, async () => {
      const { id } = await t.db.$transaction((tx) => enqueueEmail(tx, message("once")));
      const sent = await waitFor("SENT", async () => {
        const row = await outbox(id);
        return row.status === "SENT" && row;
      });
      expect(sent).toMatchObject({
        attempts: 1,
        lastError: null,
        textBody: "(removed after delivery)",
        htmlBody: null,
      });
      expect(sent.sentAt).toBeInstanceOf(Date);
      const received = await inSink(sink, id);
      expect(received).toMatchObject([{ subject: "Outbox test once", to: ["reporteronce@example.org"] }]);
      // The worker completes the job just after the row says SENT (same task, its last step): wait for it.
      await waitFor("the job completed", async () => (await jobsFor(id)).length === 0);
      // Nothing else arrives later.
      await new Promise((r) => setTimeout(r, 300));
      expect(await inSink(sink, id)).toHaveLength(1);
    });
  });

  it("keeps a message while the SMTP server is down and delivers it once the server is back", async () => {
    const port = await closedPort();
    await withWorker({ smtpUrl: `smtp://127.0.0.1:${port}` }, async () => {
      const { id } = await t.db.$transaction((tx) => enqueueEmail(tx, message("down")));

      const failed = await waitFor("a failed attempt", async () => {
        const row = await outbox(id);
        return row.attempts > 0 && row;
      });
      expect(failed).toMatchObject({ status: "PENDING", attempts: 1, sentAt: null });
      expect(failed.lastError).toMatch(/ECONNREFUSED/);
      expect(failed.lastTriedAt).toBeInstanceOf(Date);
      // The job is rescheduled just after the task throws; wait for that too.
      const [job] = await waitFor("the job to be rescheduled", async () => {
        const jobs = await jobsFor(id);
        return jobs[0]?.last_error ? jobs : undefined;
      });
      expect(job).toMatchObject({ attempts: 1, max_attempts: 20 });
      expect(job!.last_error).toMatch(/ECONNREFUSED/);
      expect(job!.run_at.getTime()).toBeGreaterThan(Date.now()); // waiting for its backoff

      const revived = await startSmtpSink({ smtpPort: port, httpPort: 0, dir: await tempDir() });
      try {
        const sent = await waitFor("delivery after the sink came back", async () => {
          const row = await outbox(id);
          return row.status === "SENT" && row;
        });
        expect(sent.attempts).toBe(2);
        expect(await inSink(revived, id)).toHaveLength(1);
        await new Promise((r) => setTimeout(r, 300));
        expect(await listSinkMessages({ baseUrl: revived.baseUrl })).toHaveLength(1);
      } finally {
        await revived.stop();
      }
    });
  });

  it("marks a message FAILED after its last attempt, and a requeue delivers it", async () => {
    const port = await closedPort();
    let id = "";
    await withWorker({ smtpUrl: `smtp://127.0.0.1:${port}` }, async () => {
      id = (await t.db.$transaction((tx) => enqueueEmail(tx, message("fail"), { maxAttempts: 1 }))).id;
      const failed = await waitFor("FAILED", async () => {
        const row = await outbox(id);
        return row.status === "FAILED" && row;
      });
      expect(failed).toMatchObject({ attempts: 1, sentAt: null });
      expect(failed.lastError).toMatch(/ECONNREFUSED/);
      await waitFor("the job to be gone", async () => (await jobsFor(id)).length === 0);
    });

    expect(await t.db.$transaction((tx) => requeueEmail(tx, id))).toBe(true);
    expect(await t.db.$transaction((tx) => requeueEmail(tx, id))).toBe(false); // no longer FAILED
    await withWorker({}, async () => {
      await waitFor("SENT after requeue", async () => (await outbox(id)).status === "SENT");
    });
    expect(await inSink(sink, id)).toHaveLength(1);
  });

  it("sends each message once with two workers running", async () => {
    const ids = await t.db.$transaction(async (tx) => {
      const out: string[] = [];
      for (let n = 0; n < 12; n++) out.push((await enqueueEmail(tx, message(`many-${n}`))).id);
      return out;
    });
    const sentBy: string[] = [];
    const workers = await Promise.all(
      ["A", "B"].map((name) =>
        startWorker({
          concurrency: 3,
          onOutcome: (_id, o) => {
            if (o.outcome === "sent") sentBy.push(name);
          },
        }),
      ),
    );
    try {
      await waitFor("all SENT", async () => {
        const sent = await t.db.outboxMessage.count({ where: { id: { in: ids }, status: "SENT" } });
        return sent === ids.length;
      });
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    expect(sentBy).toHaveLength(ids.length);
    const received = await listSinkMessages({ baseUrl: sink.baseUrl });
    expect(received.map((m) => m.messageId).sort()).toEqual(ids.map((id) => messageIdFor(id, FROM)).sort());
  });

  it("sends once even when the same message is delivered by several jobs at the same moment", async () => {
    const { id } = await t.db.$transaction((tx) => enqueueEmail(tx, message("race")));
    const transport = createTransport(sink.smtpUrl);
    try {
      const outcomes = await Promise.all(
        [1, 2, 3].map(() =>
          deliverOutboxMessage({ db: t.db, transport, from: FROM, outboxId: id, attempt: 1, maxAttempts: 5 }),
        ),
      );
      expect(outcomes.map((o) => o.outcome).sort()).toEqual(["already-sent", "already-sent", "sent"]);
    } finally {
      transport.close();
    }
    expect(await inSink(sink, id)).toHaveLength(1);
    expect(await outbox(id)).toMatchObject({ status: "SENT", attempts: 1 });
  });
});
