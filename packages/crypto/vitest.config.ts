import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Key generation and GnuPG runs take a few hundred milliseconds each on the 2-core machines.
    testTimeout: 30_000,
  },
});
