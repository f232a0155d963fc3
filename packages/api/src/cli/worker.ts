// `pnpm worker`: the background worker (outbox deliveries, the daily retention run) until SIGINT/SIGTERM.
import { getEmailEnv } from "@disclose/email";
import { createLogger, flushLog, routeConsoleToLog, setLogService } from "@disclose/log";
import { startBackgroundWorker } from "../background-worker";
import { exitIfProductionEnvIncomplete } from "../production-check";

setLogService("worker");
routeConsoleToLog("worker");
const log = createLogger("worker");

exitIfProductionEnvIncomplete(log);
const env = getEmailEnv();
if (!env.databaseUrl) {
  log.fatal(
    "DATABASE_URL is not set (the app role's postgres:// URL; `pnpm start` sets it for what it runs)",
  );
  flushLog();
  process.exit(2);
}
const worker = await startBackgroundWorker({
  databaseUrl: env.databaseUrl,
  smtpUrl: env.smtpUrl,
  from: env.mailFrom,
  sweepInterval: env.workerSweepMs,
});
log.info(
  `delivering the outbox to ${env.usesRealSmtp ? "SMTP_URL" : `the development sink (${env.smtpUrl})`}`,
);

let stopping = false;
const stop = (signal: NodeJS.Signals) => {
  if (stopping) process.exit(1);
  stopping = true;
  log.info(`${signal}: stopping…`);
  worker.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      log.error({ err: error instanceof Error ? error.message : String(error) }, "error while stopping");
      process.exit(1);
    },
  );
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
worker.promise.catch((error: unknown) => {
  log.fatal({ err: error instanceof Error ? error.message : String(error) }, "the worker crashed");
  flushLog();
  process.exit(1);
});
