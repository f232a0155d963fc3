// `pnpm advisories:rotate-signing-key`: rotates the project signing key (README of @disclose/advisories/publish,
// "Rotating the key"). Makes a new key locked under ADVISORY_SIGNING_SECRET, retires every older one (still
// published for 30 days beside the new one, so verifiers who fetched it keep working), and re-signs every stored
// advisory document with the new key, in one audited transaction. Exit status: 0 done, 1 failed (nothing
// changed), 2 refused (nothing changed).
import { createDb, type DbTx } from "@disclose/db";
import { requireDatabaseUrl } from "@disclose/db/ops";
import { advisorySigningSecret, parseApiEnv, productionEnvMessage, productionEnvProblems } from "../env";
import { rotateSigningKey, SIGNING_KEY_OVERLAP_DAYS } from "../use-cases/advisories/signing-key";

function refuse(message: string): never {
  console.error(`pnpm advisories:rotate-signing-key: ${message}`);
  process.exit(2);
}

const problems = productionEnvProblems();
if (problems.length > 0) refuse(productionEnvMessage(problems));
try {
  parseApiEnv(process.env);
} catch (error) {
  refuse(error instanceof Error ? error.message : String(error));
}
let secret: string;
let databaseUrl: string;
try {
  // The secret the apps run with: the new key is locked under it, and they must be able to open it.
  secret = advisorySigningSecret();
  databaseUrl = requireDatabaseUrl();
} catch (error) {
  refuse(error instanceof Error ? error.message : String(error));
}

const db = createDb(databaseUrl);
try {
  const rotation = await db.$transaction(
    (tx: DbTx) => rotateSigningKey(tx, { secret, now: new Date() }),
    // Re-signing is one signature and one row per document: minutes for a large archive, never half done.
    { timeout: 30 * 60_000, maxWait: 60_000 },
  );
  console.log(
    [
      `New signing key: ${rotation.fingerprint}`,
      ...(rotation.retired.length > 0
        ? [`Retired: ${rotation.retired.join(", ")} (still published for ${SIGNING_KEY_OVERLAP_DAYS} days)`]
        : ["No earlier key: this is the first."]),
      `Documents re-signed: ${rotation.resigned}`,
      "",
      "Announce the new fingerprint where the old one was announced. The portal serves the new key at",
      `/.well-known/csaf/openpgp/${rotation.fingerprint}.asc and lists both in provider-metadata.json.`,
    ].join("\n"),
  );
} catch (error) {
  console.error(
    `pnpm advisories:rotate-signing-key failed, nothing was changed: ${error instanceof Error ? error.message : error}`,
  );
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
