import type { Db } from "@disclose/db";

/** The pg pool behind a Db (createDb keeps it under this global symbol). */
const POOL = Symbol.for("@disclose/db:pg-pool");

interface TPoolClient {
  query: (...args: unknown[]) => unknown;
  [WRAPPED]?: true;
}
const WRAPPED = Symbol("sql-recorder");

interface TPool {
  on(event: "acquire", listener: (client: TPoolClient) => void): void;
}

const recorders = new WeakMap<object, { statements: string[] | null }>();

/**
 * Records the text of every SQL statement a Db sends (Prisma's and plain pg's alike, parameters left out) while
 * `during` runs: what "the same work" means for two requests, free of the noise of a stopwatch.
 */
export async function recordSql(db: Db, during: () => Promise<unknown>): Promise<string[]> {
  const pool = (db as unknown as Record<symbol, TPool | undefined>)[POOL];
  if (!pool) throw new Error("this Db was not made by createDb()");
  let recorder = recorders.get(pool);
  if (!recorder) {
    const state: { statements: string[] | null } = { statements: null };
    recorder = state;
    recorders.set(pool, state);
    pool.on("acquire", (client) => {
      if (client[WRAPPED]) return;
      client[WRAPPED] = true;
      const query = client.query.bind(client);
      client.query = (...args: unknown[]) => {
        const first = args[0];
        const text = typeof first === "string" ? first : (first as { text?: string } | undefined)?.text;
        if (state.statements && text !== undefined)
          state.statements.push(text.replaceAll(/\s+/g, " ").trim());
        return query(...args);
      };
    });
  }
  const statements: string[] = [];
  recorder.statements = statements;
  try {
    await during();
  } finally {
    recorder.statements = null;
  }
  return statements;
}
