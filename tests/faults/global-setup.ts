import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const buildId = path.join(root, "apps/portal/.next/BUILD_ID");

/**
 * The fault tests run the portal's production build. `pnpm test` runs them after the end-to-end tests, which
 * built it; run alone on a fresh clone, build it first (Turborepo's cache makes a current build instant). Next
 * refuses a second build of the same app at once: when another one is running, wait for it (bounded).
 */
export default function setup(): void {
  for (let attempt = 0; attempt < 10; attempt++) {
    if (existsSync(buildId)) return;
    console.log("building the portal for the fault tests…");
    const result = spawnSync(
      "pnpm",
      ["exec", "turbo", "run", "build", "--filter=@disclose/portal", "--output-logs=errors-only"],
      { cwd: root, stdio: "inherit", timeout: 600_000 },
    );
    if (result.status === 0 && existsSync(buildId)) return;
    spawnSync("sleep", ["30"]);
  }
  throw new Error("the portal's production build is missing and could not be made (apps/portal/.next)");
}
