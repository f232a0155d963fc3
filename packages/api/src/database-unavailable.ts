import { createLogger } from "@disclose/log";
import { AppError, AppErrorCode } from "./errors";

const log = createLogger("database");

/**
 * How long a client should wait after a database outage before trying again: a PostgreSQL restart or a managed
 * failover takes seconds to a minute, and the pool reconnects by itself on the next request once it is back.
 */
export const DATABASE_RETRY_AFTER_SECONDS = 30;

/** For the report intake: the reporter must know that nothing was kept and that sending again is right. */
export const REPORT_NOT_SAVED_MESSAGE =
  "Our database is unavailable for a moment, so your report was not saved; try again in half a minute.";

const NOTHING_SAVED_MESSAGE =
  "Our database is unavailable for a moment, so nothing was saved; try again in half a minute.";

// Socket errors of node-postgres while connecting or mid-query.
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
]);

// SQLSTATEs of a server that is going away or not there yet: class 08 (connection exception), 57P01 admin
// shutdown (smart/fast stop), 57P02 crash shutdown (another backend died), 57P03 cannot connect now (starting up,
// in recovery), 53300 too many connections.
const SQLSTATES = new Set(["08000", "08001", "08003", "08004", "08006", "57P01", "57P02", "57P03", "53300"]);

// Prisma's own codes for the same: P1001 can't reach the server, P1002 timed out reaching it, P1008 operation
// timed out, P1017 server closed the connection, P2024 pool timeout, P2037 too many connections.
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);

// The kinds @prisma/adapter-pg gives driver errors (meta.driverAdapterError.cause.kind).
const ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);

// node-postgres errors that carry no code: a connection cut under a query, a pool connect timeout, a client
// used after its connection broke; and Prisma's wait for a pooled connection to start a transaction.
const MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /Unable to start a transaction in the given time/i,
];

/**
 * True when `error` (or an error it wraps: `cause`, Prisma's `meta.driverAdapterError`) says that PostgreSQL
 * could not be reached or went away, as opposed to a query that failed on a live server. Such a request changed
 * nothing that the reporter was told about, and the same request will work once the database is back.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  // A bounded walk down the wrapping chain (a cycle or a very deep chain ends it).
  for (let depth = 0; depth < 8 && current && typeof current === "object" && !seen.has(current); depth++) {
    seen.add(current);
    const { code, message, meta, cause, kind, originalCode } = current as {
      code?: unknown;
      message?: unknown;
      meta?: { driverAdapterError?: { cause?: unknown } };
      cause?: unknown;
      kind?: unknown;
      originalCode?: unknown;
    };
    if (typeof code === "string" && (SOCKET_CODES.has(code) || SQLSTATES.has(code) || PRISMA_CODES.has(code)))
      return true;
    if (typeof originalCode === "string" && SQLSTATES.has(originalCode)) return true;
    if (typeof kind === "string" && ADAPTER_KINDS.has(kind)) return true;
    if (typeof message === "string" && MESSAGES.some((pattern) => pattern.test(message))) return true;
    const adapterCause = meta?.driverAdapterError?.cause;
    if (adapterCause && isDatabaseUnavailable(adapterCause)) return true;
    current = cause;
  }
  return false;
}

/**
 * The AppError a request should answer with for `error`: itself, a 503 with Retry-After for a database outage
 * (with `message`, else a general one), else none (a real fault: 500).
 */
export function knownAppError(error: unknown, message = NOTHING_SAVED_MESSAGE): AppError | undefined {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error)) {
    // For whoever is on call: the request's id comes with the line; the error's kind, never its text (it can
    // quote a row).
    log.warn(
      { err: error instanceof Error ? error.name : typeof error },
      "database unavailable: answered 503",
    );
    return new AppError(AppErrorCode.UNAVAILABLE, message, {
      retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
    });
  }
  return undefined;
}
