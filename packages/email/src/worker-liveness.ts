import type { Logger } from "graphile-worker";
import pg from "pg";

/**
 * First key of every worker's liveness lock. Two-key advisory locks (`pg_advisory_lock(int, int)`, shown in
 * pg_locks with objsubid 2) live apart from single-key ones such as the migrator's, so nothing else shares them.
 * The second key is hashtext(<graphile-worker pool id>). A collision can only make a dead worker look alive
 * (its jobs then wait for graphile-worker's own 4-hour reset), never a live one dead.
 */
export const LIVENESS_LOCK_CLASS = 0x44_53_43_57; // "DSCW"

/**
 * The liveness session's server-side TCP keepalives: a worker whose machine vanishes (no FIN, no RST) is noticed
 * by PostgreSQL after about idle + interval × count = 40 s, which ends the session and so its lock. (The
 * server's default follows the OS: two hours.) Ignored on a Unix socket, where a dead peer is seen at once.
 */
const SERVER_KEEPALIVES = { tcp_keepalives_idle: 20, tcp_keepalives_interval: 5, tcp_keepalives_count: 4 };

export interface WorkerLivenessOptions {
  databaseUrl: string;
  logger: Logger;
  /** Longest wait between attempts to (re)take the lock after the session was lost. */
  maxRetryMs: number;
}

/**
 * Holds a session-level advisory lock for one graphile-worker pool on a connection of its own. PostgreSQL ends
 * the lock with the session, so when the process dies (SIGKILL, OOM, a lost machine once the keepalives above
 * give up) the lock goes with it, and a sweep by any other worker sees the pool's jobs as orphaned.
 *
 * When the session is lost while the process lives (a PostgreSQL restart ends every session), the lock is taken
 * again on a new connection as soon as the server answers. Until then another worker's sweep may unlock this
 * pool's jobs and run them a second time; deliverOutboxMessage locks the outbox row and never resends a SENT
 * message, so the worst case is the one duplicate any outbox has, carrying the same Message-ID.
 */
export class WorkerLiveness {
  private poolId: string | undefined;
  private client: pg.Client | undefined;
  private held = false;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs = 0;
  private everHeld = false;
  private connecting: Promise<void> | undefined;
  private firstHeld: Promise<void> | undefined;
  private resolveFirstHeld: (() => void) | undefined;

  constructor(private readonly options: WorkerLivenessOptions) {}

  /** The pool whose liveness this is, once start() was called. */
  get id(): string | undefined {
    return this.poolId;
  }

  /** True while this process's lock is known to be held. */
  get isHeld(): boolean {
    return this.held;
  }

  /**
   * Takes the lock for `poolId` and settles once it is held (or stop() was called); the pool must not take a
   * job before, or a sweep could find the job's locker without a lock and take the job away from it.
   * Later calls (one per worker of the pool) wait for the same lock.
   */
  start(poolId: string): Promise<void> {
    if (this.poolId !== undefined && this.poolId !== poolId) {
      throw new Error(`liveness already started for ${this.poolId}, not ${poolId}`);
    }
    if (this.firstHeld) return this.firstHeld;
    this.poolId = poolId;
    this.firstHeld = new Promise<void>((resolve) => {
      this.resolveFirstHeld = resolve;
    });
    void this.connect();
    return this.firstHeld;
  }

  /** Called on every sweep: finds a session that died quietly and takes the lock again. */
  async check(): Promise<void> {
    if (this.stopped || this.poolId === undefined) return;
    if (!this.held || !this.client) {
      // Not awaited: a server that does not answer must not hold up the sweep (or the worker's stop).
      if (!this.connecting && !this.retryTimer) void this.connect();
      return;
    }
    try {
      await this.client.query("SELECT 1");
    } catch {
      this.lost();
    }
  }

  /**
   * Lets start()'s callers go on without the lock, when the worker is stopping before it ever got it: the pool
   * takes no job once it is shutting down, and a hook that never settled would keep its stop waiting forever.
   */
  stopWaiting(): void {
    this.resolveFirstHeld?.();
  }

  /** Ends the session, which releases the lock. Call only after the pool has finished or returned its jobs. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.resolveFirstHeld?.();
    await this.connecting?.catch(() => {});
    const client = this.client;
    this.client = undefined;
    this.held = false;
    await client?.end().catch(() => {});
  }

  private connect(): Promise<void> {
    this.connecting ??= this.tryToHold().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async tryToHold(): Promise<void> {
    const poolId = this.poolId;
    if (this.stopped || poolId === undefined) return;
    const client = new pg.Client({
      connectionString: this.options.databaseUrl,
      // The worker's side: notices a silently dropped connection and so retakes the lock sooner.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      application_name: `disclose-email-worker ${poolId}`.slice(0, 63),
      connectionTimeoutMillis: 10_000,
      // A ping that gets no answer (a half-open connection the server already ended) counts as a lost session.
      query_timeout: 10_000,
    });
    client.on("error", () => this.lost(client));
    client.on("end", () => this.lost(client));
    try {
      await client.connect();
      for (const [name, value] of Object.entries(SERVER_KEEPALIVES)) {
        await client.query("SELECT set_config($1, $2, false)", [name, String(value)]);
      }
      const { rows } = await client.query<{ locked: boolean }>(
        "SELECT pg_try_advisory_lock($1::int, hashtext($2::text)) AS locked",
        [LIVENESS_LOCK_CLASS, poolId],
      );
      if (!rows[0]?.locked) {
        // Someone holds our key: our own earlier session that the server has not yet reaped, or (very rarely) a
        // hash collision. Either way the pool looks alive; keep trying so the lock is ours once that one ends.
        throw new Error("the liveness lock is held by another session");
      }
      if (this.stopped) {
        await client.end().catch(() => {});
        return;
      }
      if (this.everHeld) this.options.logger.info(`liveness lock of ${poolId} taken again`);
      this.client = client;
      this.held = true;
      this.everHeld = true;
      this.retryMs = 0;
      this.resolveFirstHeld?.();
    } catch (error) {
      client.removeAllListeners("end");
      client.on("error", () => {});
      await client.end().catch(() => {});
      this.scheduleRetry(error);
    }
  }

  private lost(client?: pg.Client): void {
    if (client !== undefined && client !== this.client) return;
    if (this.stopped || !this.held) return;
    this.held = false;
    const old = this.client;
    this.client = undefined;
    old?.removeAllListeners("end");
    old?.on("error", () => {});
    void old?.end().catch(() => {});
    this.options.logger.warn(`liveness session of ${this.poolId} lost; taking the lock again`);
    this.scheduleRetry(undefined);
  }

  /** At once after a loss (error undefined), then backing off from 250 ms to maxRetryMs while it fails. */
  private scheduleRetry(error: unknown): void {
    if (this.stopped || this.retryTimer) return;
    let delay = 0;
    if (error !== undefined) {
      delay = this.retryMs = Math.min(Math.max(this.retryMs * 2, 250), this.options.maxRetryMs);
      this.options.logger.debug(
        `liveness lock of ${this.poolId} not taken (${String(error)}); retrying in ${delay} ms`,
      );
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delay);
  }
}

/**
 * Unlocks the jobs and queues locked by graphile-worker pools whose liveness lock no one holds (their process
 * died), so any worker takes them again; returns those pools' ids. One statement: its snapshot of the jobs is
 * taken before pg_locks is read, and a pool takes its lock before it locks any job, so a job locked by a live
 * pool is always seen together with that pool's lock. `self` is never swept (its own lock may be between
 * sessions after a PostgreSQL restart). Needs EXECUTE on graphile_worker.force_unlock_workers(text[]).
 */
export async function sweepDeadWorkers(pool: pg.Pool, self: string | undefined): Promise<string[]> {
  const { rows } = await pool.query<{ ids: string[] }>(
    `WITH held AS (
       SELECT objid FROM pg_locks
        WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid = $1::int::oid
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
     ), lockers AS (
       SELECT locked_by FROM graphile_worker._private_jobs WHERE locked_by IS NOT NULL
       UNION
       SELECT locked_by FROM graphile_worker._private_job_queues WHERE locked_by IS NOT NULL
     ), dead AS (
       SELECT array_agg(locked_by ORDER BY locked_by) AS ids FROM lockers
        WHERE locked_by IS DISTINCT FROM $2::text
          AND hashtext(locked_by)::oid NOT IN (SELECT objid FROM held)
     )
     SELECT ids, graphile_worker.force_unlock_workers(ids) FROM dead WHERE ids IS NOT NULL`,
    [LIVENESS_LOCK_CLASS, self ?? null],
  );
  return rows[0]?.ids ?? [];
}
