/**
 * `pnpm test`: lint, typecheck, unit, integration (one real PostgreSQL for the whole run), end-to-end
 * (Playwright driving Chromium against both running apps) and the fault tests (tests/faults: PostgreSQL killed
 * under load, a rate-limit flood, each on a cluster of its own). Starts and stops everything it needs.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startTestPostgres } from "@disclose/db/testing/server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const packagesWithTests = ["packages", "apps"].flatMap((dir) =>
  readdirSync(path.join(root, dir)).map((name) => `${dir}/${name}`),
);

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: "inherit" });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function section(title: string) {
  console.log(`\n━━ ${title} ━━`);
}

function readJson(file: string): Record<string, unknown> | null {
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>) : null;
}

async function main() {
  const started = Date.now();
  for (const dir of [...packagesWithTests, "tests"])
    rmSync(path.join(root, dir, "test-results"), { recursive: true, force: true });
  rmSync(path.join(root, "tests", "unit-results"), { recursive: true, force: true });

  section("lint, typecheck, unit and integration tests");
  const postgres = await startTestPostgres();
  let checks: number;
  try {
    checks = await run(
      "pnpm",
      [
        "exec",
        "turbo",
        "run",
        "lint",
        "typecheck",
        "test",
        "--concurrency=2",
        "--continue",
        "--output-logs=new-only",
      ],
      {
        ...process.env,
        DISCLOSE_TEST_PG_URL: postgres.adminUrl,
      },
    );
    if (checks === 0) checks = await run("pnpm", ["exec", "tsc", "-p", "scripts"]);
    if (checks === 0)
      checks = await run("pnpm", [
        "exec",
        "biome",
        "check",
        "scripts",
        ".ci",
        "package.json",
        "turbo.json",
        "biome.json",
      ]);
  } finally {
    await postgres.stop();
  }

  let e2e = 1;
  let logScan = 1;
  if (checks === 0) {
    section("end-to-end tests (Chromium)");
    e2e = await run("pnpm", ["--filter", "@disclose/tests", "e2e"]);
    section("the end-to-end run's logs hold none of its secrets");
    logScan = await run("pnpm", ["exec", "tsx", "tests/log-scan.ts"]);
  }

  // After the end-to-end tests: they leave the production build the fault tests run (each on a cluster of its own).
  let faults = 1;
  if (checks === 0) {
    section("fault tests (PostgreSQL killed mid-stream, a rate-limit flood)");
    faults = await run("pnpm", ["--filter", "@disclose/tests", "faults"]);
  }

  // One closing line that counts every test of the run.
  let passed = 0;
  let failed = 0;
  const vitestReports = [
    ...packagesWithTests.map((dir) => path.join(root, dir, "test-results", "vitest.json")),
    path.join(root, "tests", "unit-results", "vitest.json"),
    path.join(root, "tests", "test-results", "faults.json"),
  ];
  for (const file of vitestReports) {
    const report = readJson(file);
    passed += Number(report?.numPassedTests ?? 0);
    failed += Number(report?.numFailedTests ?? 0);
  }
  const stats = readJson(path.join(root, "tests", "test-results", "e2e.json"))?.stats as
    | Record<string, number>
    | undefined;
  passed += stats?.expected ?? 0;
  failed += (stats?.unexpected ?? 0) + (stats?.flaky ?? 0);
  if (checks === 0) {
    if (logScan === 0) passed += 1;
    else failed += 1;
  }
  const ok = checks === 0 && e2e === 0 && logScan === 0 && faults === 0;
  if (!ok) failed = Math.max(failed, 1);

  section(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(ok ? 0 : 1);
}

void main();
