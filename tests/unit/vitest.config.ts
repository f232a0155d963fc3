import { defineConfig } from "vitest/config";

// Tests of the repository's own tooling (the log scan, the dependency gate); the product's are in its packages.
export default defineConfig({
  test: { include: ["unit/**/*.test.ts"], root: `${import.meta.dirname}/..` },
});
