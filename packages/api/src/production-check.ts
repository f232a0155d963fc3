import { flushLog, type Logger } from "@disclose/log";
import { productionEnvMessage, productionEnvProblems } from "./env";

/**
 * Every process of a deployment (the apps' servers, the worker, `pnpm start`) calls this first: with
 * DISCLOSE_ENV=production and anything missing, it logs every problem in one message and exits with 2.
 */
export function exitIfProductionEnvIncomplete(log: Logger): void {
  const problems = productionEnvProblems();
  if (problems.length === 0) return;
  log.fatal({ problems }, productionEnvMessage(problems));
  flushLog();
  process.exit(2);
}
