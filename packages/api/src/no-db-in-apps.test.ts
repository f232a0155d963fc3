import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// The apps reach data only through this package, which builds its own context (db, session, clock, client
// address) from the request: no app file imports `packages/db`, and no app depends on it.
const appsDir = path.resolve(import.meta.dirname, "../../../apps");
const SOURCE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const SKIP = new Set(["node_modules", ".next", "coverage", "test-results"]);
// `from "…"`, `import "…"`, `import("…")`, `require("…")` and `export … from "…"` of the package or a subpath.
const IMPORTS_DB = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)["']@disclose\/db(?:\/[^"']*)?["']/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return SOURCE.test(entry.name) ? [full] : [];
  });
}

const apps = readdirSync(appsDir, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);
const files = sourceFiles(appsDir);

describe("no app imports @disclose/db", () => {
  it("finds the apps and their sources", () => {
    expect(apps).toEqual(expect.arrayContaining(["admin", "portal"]));
    for (const app of apps) {
      expect(files.filter((f) => f.startsWith(path.join(appsDir, app) + path.sep)).length).toBeGreaterThan(5);
    }
  });

  it("recognises the ways a file could import it", () => {
    for (const line of [
      'import { getDb } from "@disclose/db";',
      "import type { Db } from '@disclose/db';",
      'import "@disclose/db/ops";',
      'const { getDb } = await import("@disclose/db");',
      'const db = require("@disclose/db/testing");',
      'export { getDb } from "@disclose/db";',
    ]) {
      expect(IMPORTS_DB.test(line), line).toBe(true);
    }
    expect(IMPORTS_DB.test('import { x } from "@disclose/dbx";')).toBe(false);
  });

  it("in any source file under apps/", () => {
    const offenders = files
      .filter((file) => IMPORTS_DB.test(readFileSync(file, "utf8")))
      .map((file) => path.relative(appsDir, file));
    expect(offenders).toEqual([]);
  });

  it.each(apps)("nor in apps/%s/package.json", (app) => {
    const manifest = JSON.parse(readFileSync(path.join(appsDir, app, "package.json"), "utf8")) as Record<
      string,
      Record<string, string> | undefined
    >;
    for (const field of ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]) {
      expect(Object.keys(manifest[field] ?? {}), `${app} ${field}`).not.toContain("@disclose/db");
    }
  });
});
