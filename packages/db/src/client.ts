import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { requireDatabaseUrl } from "./env";
import { type Prisma, PrismaClient } from "./generated/prisma/client";

export type Db = PrismaClient;
/** The client inside `db.$transaction(async (tx) => …)`. */
export type DbTx = Prisma.TransactionClient;
/** A connection inside `withSqlTransaction(db, async (sql) => …)`: plain SQL, for hot paths. */
export type SqlTx = pg.PoolClient;
/** Either kind of transaction: shared writers (audit, outbox) take part in both. */
export type AnyTx = DbTx | SqlTx;

// The pool Prisma uses, kept for plain-SQL hot paths: each Prisma query costs ~0.3 ms of CPU more than the
// same query through pg, which the report intake (thousands per second) cannot afford.
// A symbol-keyed property rather than a module-level map: Next.js may load this module more than once in one
// process (one copy per bundle), and the client is shared through globalThis.
const POOL = Symbol.for("@disclose/db:pg-pool");
type DbWithPool = Db & { [POOL]?: pg.Pool };

export function createDb(databaseUrl: string): Db {
  // A bound on getting a connection (a new one, or a turn in the pool's queue): without it a server that stops
  // answering (a dropped network, a stuck failover) would hold requests until the OS gives up, minutes later.
  // Requests then fail with an error the API answers with 503; once the server is back, new connections work.
  const pool = new pg.Pool({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  // An idle connection the server closed (restart, failover, dropped database) is discarded by the pool; without
  // a listener its error event would crash the process. Queries on a broken connection still fail normally.
  pool.on("error", () => {});
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  (db as DbWithPool)[POOL] = pool;
  return db;
}

function poolOf(db: Db): pg.Pool {
  const pool = (db as DbWithPool)[POOL];
  if (!pool) throw new Error("this Db was not made by createDb()");
  return pool;
}

/** One plain-SQL statement outside a transaction. */
export async function sqlQuery<R extends object>(db: Db, text: string, values: unknown[] = []): Promise<R[]> {
  return (await poolOf(db).query<R & pg.QueryResultRow>(text, values)).rows;
}

/** Runs `fn` in a plain-SQL transaction (READ COMMITTED): committed when it returns, rolled back when it throws. */
export async function withSqlTransaction<T>(db: Db, fn: (sql: SqlTx) => Promise<T>): Promise<T> {
  const client = await poolOf(db).connect();
  let broken = false;
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    try {
      await client.query("ROLLBACK");
    } catch {
      broken = true; // the connection is unusable: drop it rather than return it to the pool
    }
    throw error;
  } finally {
    client.release(broken);
  }
}

/** A query in either kind of transaction, with `$1…` placeholders. */
export async function txQuery<R extends object>(
  tx: AnyTx,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  if ("$queryRawUnsafe" in tx) return tx.$queryRawUnsafe<R[]>(text, ...values);
  return (await tx.query<R & pg.QueryResultRow>(text, values)).rows;
}

// On globalThis so that Next.js dev reloads of this module reuse one pool.
const holder = globalThis as typeof globalThis & { __discloseDb?: Db };

/** The process-wide client for DATABASE_URL, created on first use. */
export function getDb(): Db {
  holder.__discloseDb ??= createDb(requireDatabaseUrl());
  return holder.__discloseDb;
}
