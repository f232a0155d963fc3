import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Compiling the CSAF and CVE schemas and GnuPG runs take a few seconds on the 2-core machines.
    testTimeout: 60_000,
  },
});
