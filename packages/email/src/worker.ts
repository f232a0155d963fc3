import { APP_ROLE, createDb, type Db } from "@disclose/db";
import { createLogger } from "@disclose/log";
import {
  Logger,
  type LogLevel,
  parseCrontab,
  run,
  runMigrations,
  type Task,
  type TaskList,
  type WorkerPool,
} from "graphile-worker";
import pg from "pg";
import { z } from "zod";
import { type DeliveryOutcome, deliverOutboxMessage } from "./deliver";
import { getEmailEnv } from "./env";
import { SEND_EMAIL_TASK } from "./outbox";
import { createTransport, type EmailTransport } from "./transport";
import { sweepDeadWorkers, WorkerLiveness } from "./worker-liveness";

declare global {
  namespace GraphileConfig {
    interface Plugins {
      DiscloseWorkerLiveness: true;
    }
  }
}

export type WorkerLogLevel = LogLevel | "silent";

const LEVELS: Record<WorkerLogLevel, number> = { debug: 0, info: 1, warning: 2, error: 3, silent: 4 };

const SERVER_SHUTDOWN =
  /terminating connection due to administrator command|connection error and is not queryable/;

/**
 * graphile-worker's logger, through @disclose/log (scrubbed, JSON in production) with the job as fields.
 * `silenced` turns it off, e.g. while stopping, when the database going away is expected.
 */
export function createWorkerLogger(
  minLevel: WorkerLogLevel = "info",
  silenced: () => boolean = () => false,
): Logger {
  const log = createLogger("email-worker");
  let reportedServerShutdown = false;
  return new Logger((scope) => (level, message) => {
    if (LEVELS[level] < LEVELS[minLevel] || silenced()) return;
    // A stopping PostgreSQL (Ctrl-C reaches it first) makes every pooled client complain; one line says it all.
    if (SERVER_SHUTDOWN.test(message)) {
      if (reportedServerShutdown) return;
      reportedServerShutdown = true;
      log.warn("the database is shutting down; the worker stops or reconnects.");
      return;
    }
    // One line per event (graphile-worker's own console logger prints the whole job row on every success).
    const fields = {
      ...(scope.label ? { scope: scope.label } : {}),
      ...(scope.taskIdentifier ? { task: scope.taskIdentifier } : {}),
      ...(scope.jobId ? { job: scope.jobId } : {}),
    };
    const where = [scope.taskIdentifier, scope.jobId && `job ${scope.jobId}`].filter(Boolean).join(" ");
    const line = where ? `${where}: ${message}` : message;
    if (level === "error") log.error(fields, line);
    else if (level === "warning") log.warn(fields, line);
    else if (level === "debug") log.debug(fields, line);
    else log.info(fields, line);
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
 * at start, reads and records the known crontabs (cron items, e.g. a retention job, if the caller gives any),
 * registers its task names, and takes, completes, fails and unlocks jobs and queues with plain SQL; its sweep
 * unlocks the jobs of dead workers with force_unlock_workers() (see worker-liveness.ts). Re-applied on every install (idempotent): a graphile-worker upgrade that
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
    GRANT SELECT ON graphile_worker.migrations TO ${app};
    GRANT SELECT, INSERT, UPDATE ON graphile_worker._private_known_crontabs TO ${app};
    GRANT SELECT, INSERT ON graphile_worker._private_tasks TO ${app};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ${rw.map((t) => `graphile_worker.${t}`).join(", ")} TO ${app};
    GRANT USAGE ON ALL SEQUENCES IN SCHEMA graphile_worker TO ${app};
    REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA graphile_worker FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION
      graphile_worker.add_job(text, json, text, timestamptz, integer, text, integer, text[], text),
      graphile_worker.add_jobs(graphile_worker.job_spec[], boolean),
      graphile_worker.force_unlock_workers(text[])
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

/** Default ms between sweeps for the jobs of dead workers (each worker also sweeps when it starts). */
export const DEFAULT_SWEEP_INTERVAL_MS = 15_000;

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
  /**
   * ms between sweeps that hand the jobs of dead workers to live ones (default 15 s); also the longest wait
   * between attempts to retake this worker's liveness lock after its session was lost.
   */
  sweepInterval?: number;
  logLevel?: WorkerLogLevel;
  /** Reuse an existing client instead of opening one (it is then not closed by stop()). */
  db?: Db;
  onOutcome?: SendEmailTaskOptions["onOutcome"];
  /** Called after every sweep with the ids of the dead workers whose jobs it unlocked (tests use it). */
  onSweep?: (unlockedWorkers: string[]) => void;
  /** More graphile-worker tasks for this worker to run (e.g. a retention job); `send-email` cannot be replaced. */
  extraTasks?: TaskList;
  /**
   * graphile-worker crontab lines (`<min> <hour> <dom> <month> <dow> <task> [?opts] [payload]`), parsed with its
   * parseCrontab. Every worker may carry the same crontab: graphile-worker's known_crontabs table makes one of
   * them schedule each run.
   */
  crontab?: string;
}

export interface EmailWorker {
  /** Finishes the jobs in hand, then stops and closes what the worker opened. */
  stop(): Promise<void>;
  /** Settles when the worker stops; rejects if it crashes. */
  promise: Promise<void>;
  /** graphile-worker's id for this worker's pool (what it writes in locked_by), once it has started. */
  readonly poolId: string | undefined;
}

/**
 * Runs the outbox worker: graphile-worker with the `send-email` task (and any extra tasks and cron items).
 *
 * graphile-worker 0.18 leaves the jobs of a worker that dies without stopping (SIGKILL, OOM, a lost machine)
 * locked for four hours. So each worker holds a liveness lock (WorkerLiveness) before it takes any job, and
 * on start and every `sweepInterval` unlocks the jobs of workers whose lock is gone (sweepDeadWorkers).
 */
export async function runWorker(options: RunWorkerOptions): Promise<EmailWorker> {
  if (options.extraTasks && Object.hasOwn(options.extraTasks, SEND_EMAIL_TASK)) {
    throw new Error(`extraTasks must not define ${SEND_EMAIL_TASK}`);
  }
  const parsedCronItems = options.crontab ? parseCrontab(options.crontab) : [];
  const ownDb = options.db === undefined;
  const db = options.db ?? createDb(options.databaseUrl);
  const transport = createTransport(options.smtpUrl ?? getEmailEnv().smtpUrl);
  const from = options.from ?? getEmailEnv().mailFrom;
  const concurrency = options.concurrency ?? 2;
  const sweepInterval = options.sweepInterval ?? DEFAULT_SWEEP_INTERVAL_MS;
  // Our own pool, so its 'error' listener outlives graphile-worker's: when PostgreSQL stops first (Ctrl-C
  // reaches it directly), an idle client's error must not become an uncaught exception.
  const pgPool = new pg.Pool({ connectionString: options.databaseUrl, max: Math.max(10, concurrency + 3) });
  pgPool.on("error", () => {});
  // graphile-worker warns when a pool lacks this handler; a pooled client's error is handled by the 'error' above.
  pgPool.on("connect", (client) => client.on("error", () => {}));
  let stopping: Promise<void> | undefined;
  const logger = createWorkerLogger(options.logLevel ?? "info", () => stopping !== undefined);
  const liveness = new WorkerLiveness({
    databaseUrl: options.databaseUrl,
    logger: logger.scope({ label: "liveness" }),
    maxRetryMs: sweepInterval,
  });

  let sweepTimer: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> | undefined;
  let sweepFailing = false;
  const sweep = async (workerPool: WorkerPool) => {
    if (stopping) return;
    try {
      await liveness.check();
      const dead = await sweepDeadWorkers(pgPool, liveness.id);
      if (sweepFailing) logger.info("sweep for dead workers' jobs works again");
      sweepFailing = false;
      if (dead.length > 0) {
        logger.warn(`unlocked the jobs of stopped worker(s) ${dead.join(", ")}; they run again`);
        // Ours may be idle until the next poll; wake them for the jobs just freed.
        if (!stopping) {
          try {
            workerPool.nudge(concurrency);
          } catch {
            // A worker of the pool is already shutting down; the others will poll.
          }
        }
      }
      options.onSweep?.(dead);
    } catch (error) {
      // Usually the database is away (restarting); one line per outage, not one per sweep.
      if (!sweepFailing) logger.warn(`sweep for dead workers' jobs failed: ${String(error)}`);
      sweepFailing = true;
    }
  };
  const startSweeping = (workerPool: WorkerPool) => {
    if (sweepTimer || stopping) return;
    const tick = () => {
      sweeping ??= sweep(workerPool).finally(() => {
        sweeping = undefined;
      });
    };
    sweepTimer = setInterval(tick, sweepInterval);
    tick();
  };
  const livenessPlugin: GraphileConfig.Plugin = {
    name: "DiscloseWorkerLiveness",
    version: "0.0.0",
    worker: {
      hooks: {
        // Awaited by each worker of the pool before its first job fetch: no job is locked by this pool
        // before its liveness lock is held. (graphile-worker's local queue, off by default, fetches jobs
        // outside this hook: keep it off, or take the lock before run().)
        async startWorker(_ctx, event) {
          const workerPool = event.worker.workerPool;
          await liveness.start(workerPool.id);
          startSweeping(workerPool);
        },
      },
    },
  };

  const closeResources = async () => {
    clearInterval(sweepTimer);
    await sweeping;
    // Only now: every job this pool held is finished or handed back, so nothing of ours is left to sweep.
    await liveness.stop();
    transport.close();
    await pgPool.end().catch(() => {});
    if (ownDb) await db.$disconnect();
  };
  let runner: Awaited<ReturnType<typeof run>>;
  try {
    runner = await run({
      pgPool,
      concurrency,
      pollInterval: options.pollInterval ?? 2000,
      noHandleSignals: true,
      parsedCronItems,
      logger,
      preset: { plugins: [livenessPlugin] },
      taskList: {
        ...options.extraTasks,
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
    get poolId() {
      return liveness.id;
    },
    stop() {
      liveness.stopWaiting();
      stopping ??= runner.stop().then(() => promise);
      return stopping;
    },
  };
}
