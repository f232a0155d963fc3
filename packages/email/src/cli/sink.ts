// pnpm --filter @disclose/email sink — the development SMTP sink and its mailbox API.
import { getEmailEnv } from "../env";
import { startSmtpSink } from "../sink/server";
import { onShutdown } from "./shutdown";

const env = getEmailEnv();
const sink = await startSmtpSink({
  smtpPort: env.sinkSmtpPort,
  httpPort: env.sinkHttpPort,
  dir: env.sinkDir,
});
console.log(
  `mail sink: SMTP ${sink.smtpUrl}, mailbox API ${sink.baseUrl}/api/messages, stored in ${env.sinkDir}`,
);
onShutdown("mail sink", () => sink.stop());
