import { defineConfig } from "vitest/config";

// The fault tests: each file starts its own PostgreSQL cluster and a production portal, then breaks something.
// One file at a time: on 2 cores, two clusters and two portals at once would time each other out.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["**/*.test.ts"],
    globalSetup: ["./global-setup.ts"],
    fileParallelism: false,
    pool: "forks",
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Each test makes its own cluster: never a developer's DATABASE_URL (ensureDatabase would use it).
    env: { DATABASE_URL: "", DATABASE_OWNER_URL: "" },
  },
});
