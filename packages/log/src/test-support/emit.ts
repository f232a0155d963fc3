// Run by index.test.ts in a child process: logs the way the apps do, so the test reads real output.
import { createLogger, routeConsoleToLog, runWithRequestId, setLogService } from "../index";

setLogService("portal");
routeConsoleToLog();
const log = createLogger("reports");
log.info("started");
runWithRequestId("req-1", async () => {
  await new Promise((resolve) => setTimeout(resolve, 5));
  log.info({ reportId: "r1", notifyEmail: "reporter@example.org" }, "report received");
  console.error("SMTP said 550 <reporter@example.org> rejected");
  log.warn({ link: "https://portal.example/track/abc.SECRETSECRET" }, "link");
});
