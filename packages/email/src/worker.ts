import { APP_ROLE, createDb, type Db } from "@disclose/db";
import { Logger, type LogLevel, run, runMigrations, type Task } from "graphile-worker";
import pg from "pg";
import { z } from "zod";
import { type DeliveryOutcome, deliverOutboxMessage } from "./deliver";
import { getEmailEnv } from "./env";
import { SEND_EMAIL_TASK } from "./outbox";
import { createTransport, type EmailTransport } from "./transport";

export type WorkerLogLevel = LogLevel | "silent";

const LEVELS: Record<WorkerLogLevel, number> = { debug: 0, info: 1, warning: 2, error: 3, silent: 4 };

const SERVER_SHUTDOWN =
  /terminating connection due to administrator command|connection error and is not queryable/;

/** `silenced` turns the logger off, e.g. while stopping, when the database going away is expected. */
export function createWorkerLogger(
  minLevel: WorkerLogLevel = "info",
  silenced: () => boolean = () => false,
): Logger {
  let reportedServerShutdown = false;
  return new Logger((scope) => (level, message) => {
    if (LEVELS[level] < LEVELS[minLevel] || silenced()) return;
    // A stopping PostgreSQL (Ctrl-C reaches it first) makes every pooled client complain; one line says it all.
    if (SERVER_SHUTDOWN.test(message)) {
      if (reportedServerShutdown) return;
      reportedServerShutdown = true;
      console.warn("[email-worker] WARNING: the database is shutting down; the worker stops or reconnects.");
      return;
    }
    // One line per event (graphile-worker's own console logger prints the whole job row on every success).
    const where = [scope.label, scope.taskIdentifier, scope.jobId && `job ${scope.jobId}`]
      .filter(Boolean)
      .join(" ");
    const line = `[email-worker${where ? ` ${where}` : ""}] ${level.toUpperCase()}: ${message}`;
    if (level === "error") console.error(line);
    else if (level === "warning") console.warn(line);
    else console.log(line);
  });
}

/**
 * Installs or upgrades graphile-worker's own schema (`graphile_worker`), then grants the app role what the apps
 * (enqueueEmail) and the worker use of it. Run it as the tables' owner, after the SQL migrations of @disclose/db
 * and before anything calls enqueueEmail (which needs graphile_worker.add_job).
 */
export async function installJobQueue(databaseUrl: string, options: { logLevel?: WorkerLogLevel } = {}) {
  await runMigrations({
    connectionString: databaseUrl,
    logger: createWorkerLogger(options.logLevel ?? "warning"),
  });
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`BEGIN; ${jobQueueGrants(client.escapeIdentifier(APP_ROLE))} COMMIT;`);
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * Exactly what graphile-worker 0.18 does as the app role: enqueueEmail calls add_job() (through add_jobs(),
 * which inserts into the tasks, queues and jobs tables); the worker checks the schema's version in `migrations`
 * at start, reads the known crontabs (there are none), registers its task names, and takes, completes, fails and
 * unlocks jobs and queues with plain SQL. Re-applied on every install (idempotent): a graphile-worker upgrade that
 * renames a table makes this fail loudly instead of leaving the worker without rights. Its tables enable
 * row-level security with no policy (only the owner sees rows), hence a policy for the app role.
 */
function jobQueueGrants(app: string): string {
  const rw = ["_private_jobs", "_private_job_queues"];
  const policies = [...rw, "_private_tasks", "_private_known_crontabs"]
    .map(
      (table) => `
      DROP POLICY IF EXISTS disclose_app ON graphile_worker.${table};
      CREATE POLICY disclose_app ON graphile_worker.${table} TO ${app} USING (true) WITH CHECK (true);`,
    )
    .join("");
  return `
    GRANT USAGE ON SCHEMA graphile_worker TO ${app};
    GRANT SELECT ON graphile_worker.migrations, graphile_worker._private_known_crontabs TO ${app};
    GRANT SELECT, INSERT ON graphile_worker._private_tasks TO ${app};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ${rw.map((t) => `graphile_worker.${t}`).join(", ")} TO ${app};
    GRANT USAGE ON ALL SEQUENCES IN SCHEMA graphile_worker TO ${app};
    REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA graphile_worker FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION
      graphile_worker.add_job(text, json, text, timestamptz, integer, text, integer, text[], text),
      graphile_worker.add_jobs(graphile_worker.job_spec[], boolean)
      TO ${app};${policies}`;
}

const ZSendEmailPayload = z.object({ outboxId: z.uuid() });

export interface SendEmailTaskOptions {
  db: Db;
  transport: EmailTransport;
  from: string;
  /** Called after every attempt; tests and logs use it. */
  onOutcome?: (outboxId: string, outcome: DeliveryOutcome) => void;
}

/**
 * The `send-email` task. A failed attempt throws, so graphile-worker reschedules the job with its exponential
 * backoff; the last allowed attempt instead marks the message FAILED and completes the job (the outbox row,
 * not the job table, is the record of what happened to a message).
 */
export function createSendEmailTask(options: SendEmailTaskOptions): Task {
  return async (payload, helpers) => {
    const parsed = ZSendEmailPayload.safeParse(payload);
    if (!parsed.success) {
      helpers.logger.error(`send-email: malformed payload ${JSON.stringify(payload)}; dropping the job`);
      return;
    }
    const { outboxId } = parsed.data;
    const outcome = await deliverOutboxMessage({
      db: options.db,
      transport: options.transport,
      from: options.from,
      outboxId,
      attempt: helpers.job.attempts,
      maxAttempts: helpers.job.max_attempts,
    });
    options.onOutcome?.(outboxId, outcome);
    switch (outcome.outcome) {
      case "retry":
        throw new Error(`outbox ${outboxId}: attempt ${helpers.job.attempts} failed: ${outcome.error}`);
      case "failed":
        helpers.logger.error(
          `outbox ${outboxId}: giving up after ${helpers.job.attempts} attempts, marked FAILED: ${outcome.error}`,
        );
        return;
      case "missing":
        helpers.logger.warn(`outbox ${outboxId}: no such message; dropping the job`);
        return;
      default:
        return;
    }
  };
}

export interface RunWorkerOptions {
  databaseUrl: string;
  /** Defaults to SMTP_URL, or the local sink when that is unset. */
  smtpUrl?: string;
  /** Defaults to MAIL_FROM. */
  from?: string;
  /** Jobs run at once by this worker (default 2). Several workers may run against one database. */
  concurrency?: number;
  /** ms between polls for jobs whose retry time has come (new jobs arrive at once via LISTEN/NOTIFY). */
  pollInterval?: number;
  logLevel?: WorkerLogLevel;
  /** Reuse an existing client instead of opening one (it is then not closed by stop()). */
  db?: Db;
  onOutcome?: SendEmailTaskOptions["onOutcome"];
}

export interface EmailWorker {
  /** Finishes the jobs in hand, then stops and closes what the worker opened. */
  stop(): Promise<void>;
  /** Settles when the worker stops; rejects if it crashes. */
  promise: Promise<void>;
}

/** Runs the outbox worker: graphile-worker with the `send-email` task. */
export async function runWorker(options: RunWorkerOptions): Promise<EmailWorker> {
  const ownDb = options.db === undefined;
  const db = options.db ?? createDb(options.databaseUrl);
  const transport = createTransport(options.smtpUrl ?? getEmailEnv().smtpUrl);
  const from = options.from ?? getEmailEnv().mailFrom;
  const concurrency = options.concurrency ?? 2;
  // Our own pool, so its 'error' listener outlives graphile-worker's: when PostgreSQL stops first (Ctrl-C
  // reaches it directly), an idle client's error must not become an uncaught exception.
  const pgPool = new pg.Pool({ connectionString: options.databaseUrl, max: Math.max(10, concurrency + 2) });
  pgPool.on("error", () => {});
  const closeResources = async () => {
    transport.close();
    await pgPool.end().catch(() => {});
    if (ownDb) await db.$disconnect();
  };
  let runner: Awaited<ReturnType<typeof run>>;
  let stopping: Promise<void> | undefined;
  try {
    runner = await run({
      pgPool,
      concurrency,
      pollInterval: options.pollInterval ?? 2000,
      noHandleSignals: true,
      parsedCronItems: [],
      logger: createWorkerLogger(options.logLevel ?? "info", () => stopping !== undefined),
      taskList: {
        [SEND_EMAIL_TASK]: createSendEmailTask({ db, transport, from, onOutcome: options.onOutcome }),
      },
    });
  } catch (error) {
    await closeResources();
    throw error;
  }
  const promise = runner.promise.finally(closeResources);
  return {
    promise,
    stop() {
      stopping ??= runner.stop().then(() => promise);
      return stopping;
    },
  };
}
