// pnpm --filter @disclose/email worker — delivers the outbox until SIGINT/SIGTERM.
import { getEmailEnv } from "../env";
import { runWorker } from "../worker";
import { onShutdown } from "./shutdown";

const env = getEmailEnv();
if (!env.databaseUrl) {
  console.error("email worker: DATABASE_URL is not set (`pnpm start` sets it for the processes it runs)");
  process.exit(1);
}
const worker = await runWorker({
  databaseUrl: env.databaseUrl,
  smtpUrl: env.smtpUrl,
  from: env.mailFrom,
  sweepInterval: env.workerSweepMs,
});
console.log(
  `email worker: delivering the outbox to ${env.usesRealSmtp ? "SMTP_URL" : `the development sink (${env.smtpUrl})`}`,
);
onShutdown("email worker", () => worker.stop());
worker.promise.catch((e: unknown) => {
  console.error("email worker crashed", e);
  process.exit(1);
});
