import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "~": path.join(path.dirname(fileURLToPath(import.meta.url)), "src") } },
  test: {
    include: ["src/**/*.test.ts"],
    // OpenPGP key generation and unlocking take a few hundred milliseconds each on the 2-core machines.
    testTimeout: 30_000,
  },
});
