import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    // Key generation, GnuPG and git runs take a few hundred milliseconds each on the 2-core machines.
    testTimeout: 60_000,
  },
});
