import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      exclude: ["src/**/*.test.ts", "src/**/test-support/**"],
      reporter: ["text-summary", "text"],
      // The bar: below 95% of lines the test command fails.
      thresholds: { lines: 95 },
    },
  },
});
