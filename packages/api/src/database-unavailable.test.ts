import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable, knownAppError } from "./database-unavailable";
import { AppError, AppErrorCode } from "./errors";

const withCode = (message: string, code: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { code, ...extra });

// The shapes seen when PostgreSQL was killed and restarted under the app (tests/faults).
const outages: [string, unknown][] = [
  [
    "pg: server down",
    withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED", { syscall: "connect" }),
  ],
  ["pg: connection cut under a query", new Error("Connection terminated unexpectedly")],
  ["pg: pool connect timeout", new Error("timeout exceeded when trying to connect")],
  ["pg: admin shutdown", withCode("terminating connection due to administrator command", "57P01")],
  [
    "pg: crash shutdown",
    withCode("terminating connection because of crash of another server process", "57P02"),
  ],
  ["pg: starting up", withCode("the database system is starting up", "57P03")],
  ["pg: too many connections", withCode("sorry, too many clients already", "53300")],
  [
    "Prisma: P1001 through the adapter",
    withCode("Can't reach database server at 127.0.0.1:5432", "P1001", {
      meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } },
    }),
  ],
  [
    "Prisma: a raw query's P2010 wrapping an unreachable server",
    withCode("Raw query failed. Code: `N/A`.", "P2010", {
      meta: { driverAdapterError: { name: "DriverAdapterError", cause: { kind: "DatabaseNotReachable" } } },
    }),
  ],
  [
    "Prisma: P2010 wrapping a shutdown",
    withCode("Raw query failed.", "P2010", {
      meta: { driverAdapterError: { cause: { kind: "postgres", code: "57P01" } } },
    }),
  ],
  [
    "Prisma: transaction start timeout",
    withCode("Unable to start a transaction in the given time.", "P2028"),
  ],
  [
    "wrapped in a cause",
    new Error("tRPC wrapper", { cause: withCode("connect ECONNREFUSED", "ECONNREFUSED") }),
  ],
];

// Failures of a live server or of our code: these stay 500s (or their own AppError).
const notOutages: [string, unknown][] = [
  ["unique violation", withCode("duplicate key value violates unique constraint", "23505")],
  ["Prisma: record not found", withCode("No record was found", "P2025")],
  ["Prisma: raw query syntax error", withCode("Raw query failed.", "P2010", { meta: { code: "42601" } })],
  ["a bug", new TypeError("Cannot read properties of undefined")],
  ["a string", "ECONNREFUSED"],
  ["nothing", undefined],
];

describe("isDatabaseUnavailable", () => {
  it.each(outages)("%s is an outage", (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });
  it.each(notOutages)("%s is not", (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
  it("ends on a cause cycle", () => {
    const a = new Error("a");
    const b = new Error("b", { cause: a });
    Object.assign(a, { cause: b });
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});

describe("knownAppError", () => {
  it("answers an outage with UNAVAILABLE, a wait and the caller's message", () => {
    const error = knownAppError(new Error("Connection terminated unexpectedly"), "your report was not saved");
    expect(error?.code).toBe(AppErrorCode.UNAVAILABLE);
    expect(error?.message).toBe("your report was not saved");
    expect(error?.details.retryAfterSeconds).toBeGreaterThan(0);
  });
  it("keeps an AppError and leaves anything else to the 500 path", () => {
    const own = new AppError(AppErrorCode.RATE_LIMITED, "slow down", { retryAfterSeconds: 5 });
    expect(knownAppError(own)).toBe(own);
    expect(knownAppError(new Error("boom"))).toBeUndefined();
  });
});
