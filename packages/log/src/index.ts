import { AsyncLocalStorage } from "node:async_hooks";
import { format } from "node:util";
import pino, { type DestinationStream, type Logger } from "pino";
import { logEnv } from "./env";
import { prettyStream } from "./pretty";
import { scrub, scrubValue } from "./scrub";

export type { Logger } from "pino";
export { scrub, scrubValue } from "./scrub";

/**
 * Shared by every copy of this module in a process: the apps' server loads it directly, and Next's server bundle
 * has its own copy, yet a request id set by the one must be seen by the other.
 */
interface TShared {
  requests: AsyncLocalStorage<{ reqId: string }>;
  root?: Logger;
  service?: string;
}
const SHARED = Symbol.for("disclose.log");
const holder = globalThis as { [SHARED]?: TShared };
holder[SHARED] ??= { requests: new AsyncLocalStorage() };
const shared: TShared = holder[SHARED];

/** Names this process in every line ("portal", "admin", "worker", "stack"); call it before the first log. */
export function setLogService(service: string): void {
  shared.service = service;
}

/** Runs `fn` (a request's handling) so that every line logged inside it, however deep, carries `reqId`. */
export function runWithRequestId<T>(reqId: string, fn: () => T): T {
  return shared.requests.run({ reqId }, fn);
}

export function currentRequestId(): string | undefined {
  return shared.requests.getStore()?.reqId;
}

/** Keys whose values are never written, wherever they appear in a logged object. */
const REDACTED_KEYS = [
  "email",
  "notifyEmail",
  "toAddress",
  "token",
  "secret",
  "code",
  "passphrase",
  "password",
  "cookie",
  "authorization",
  "sessionToken",
  "ciphertext",
];

function rootLogger(): Logger {
  if (!shared.root) {
    const env = logEnv();
    // process.stdout rather than pino's own file descriptor writer: a launcher that tees stdout sees every line.
    const destination: DestinationStream = env.format === "pretty" ? prettyStream() : process.stdout;
    shared.root = pino(
      {
        level: env.level,
        base: { service: shared.service ?? "disclose", pid: process.pid },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        mixin: () => {
          const reqId = currentRequestId();
          return reqId ? { reqId } : {};
        },
        redact: {
          paths: REDACTED_KEYS.flatMap((key) => [key, `*.${key}`]),
          censor: "[redacted]",
        },
        hooks: {
          // Every message and every string in a logged object goes through scrub() (see scrub.ts).
          logMethod(args, method) {
            const cleaned = args.map((arg) => scrubValue(arg)) as Parameters<typeof method>;
            method.apply(this, cleaned);
          },
        },
      },
      destination,
    );
  }
  return shared.root;
}

/** A logger for one part of the code; lines carry `component` and, inside a request, `reqId`. */
export function createLogger(component: string): Logger {
  return rootLogger().child({ component });
}

/**
 * Sends console.* through the logger (scrubbed, with the request id): Next.js and libraries print errors with
 * console.error, and those lines must follow the same rules as ours.
 */
export function routeConsoleToLog(component = "console"): void {
  const logger = createLogger(component);
  const line = (args: unknown[]) => scrub(format(...args));
  console.log = (...args: unknown[]) => logger.info(line(args));
  console.info = console.log;
  console.debug = (...args: unknown[]) => logger.debug(line(args));
  console.warn = (...args: unknown[]) => logger.warn(line(args));
  console.error = (...args: unknown[]) => logger.error(line(args));
}

/** Flushes what is buffered (before a planned exit). */
export function flushLog(): void {
  shared.root?.flush();
}
