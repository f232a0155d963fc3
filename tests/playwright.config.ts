import path from "node:path";
import { defineConfig } from "@playwright/test";
import { e2e } from "./e2e/stack";

// One stack for the whole run, on its own ports and its own throw-away data directory, so a developer's
// running `pnpm start` is left alone.
export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  use: {
    baseURL: e2e.portalUrl,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: `rm -rf "${e2e.dataDir}" && pnpm start`,
    cwd: path.resolve(import.meta.dirname, ".."),
    url: `${e2e.adminUrl}/api/trpc/health.check`,
    timeout: 240_000,
    reuseExistingServer: false,
    // The stack's lines go to DISCLOSE_LOG_FILE (.data/e2e/logs/stack.log), where the log scan reads them.
    stdout: "ignore",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
    env: e2e.env,
  },
});
