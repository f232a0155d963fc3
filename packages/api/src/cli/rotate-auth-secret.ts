// `pnpm auth:rotate`: the end of an AUTH_SECRET rotation (README, "Rotating AUTH_SECRET"). With AUTH_SECRET the
// new secret and AUTH_SECRET_PREVIOUS the one it replaced, re-encrypts every stored TOTP secret still under the
// previous one, in one audited transaction, and prints the counts. Exit status: 0 done, 1 done but some
// authenticators open with neither secret (listed by user id), 2 refused (nothing changed).
import { createDb } from "@disclose/db";
import { requireDatabaseUrl } from "@disclose/db/ops";
import { authSecrets, parseApiEnv, productionEnvMessage, productionEnvProblems } from "../env";
import { NO_PREVIOUS_SECRET, rotateTotpSecrets } from "../use-cases/auth/rotate-totp-secrets";

function refuse(message: string): never {
  console.error(`pnpm auth:rotate: ${message}`);
  process.exit(2);
}

const problems = productionEnvProblems();
if (problems.length > 0) refuse(productionEnvMessage(problems));
try {
  parseApiEnv(process.env);
} catch (error) {
  refuse(error instanceof Error ? error.message : String(error));
}
// Never the development fallback: the apps' secret must be named here, or this would re-encrypt every
// authenticator under a secret the apps do not use.
if (!process.env.AUTH_SECRET?.trim()) {
  refuse(
    "AUTH_SECRET is not set: set it to the new secret, the one the admin apps now run with. Nothing was changed.",
  );
}
if (!process.env.AUTH_SECRET_PREVIOUS?.trim()) refuse(NO_PREVIOUS_SECRET);
let databaseUrl: string;
try {
  databaseUrl = requireDatabaseUrl();
} catch (error) {
  refuse(error instanceof Error ? error.message : String(error));
}

const db = createDb(databaseUrl);
try {
  const result = await rotateTotpSecrets({ db, secrets: authSecrets(), now: new Date() });
  const unreadable = result.unreadableUserIds.length;
  console.log(
    [
      "Authenticators (TOTP secrets):",
      `  re-encrypted under AUTH_SECRET:       ${result.reEncrypted}`,
      `  already under AUTH_SECRET:            ${result.alreadyCurrent}`,
      `  unreadable with either secret:        ${unreadable}`,
      ...result.unreadableUserIds.map((id) => `    user ${id}`),
    ].join("\n"),
  );
  if (unreadable > 0) {
    console.log(
      [
        "",
        "The accounts above cannot pass the second factor with their authenticator app (it was encrypted under",
        "a secret that is neither AUTH_SECRET nor AUTH_SECRET_PREVIOUS, or the row was altered). Their recovery",
        "codes still work. They were left as they are.",
      ].join("\n"),
    );
    process.exitCode = 1;
  } else {
    console.log("\nDone: every authenticator is under AUTH_SECRET. AUTH_SECRET_PREVIOUS can now be removed.");
  }
} catch (error) {
  console.error(
    `pnpm auth:rotate failed, nothing was changed: ${error instanceof Error ? error.message : error}`,
  );
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
