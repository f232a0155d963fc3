import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * The apps' routes as the file tree declares them, so a page or route handler added tomorrow is covered by the
 * tests that walk them without anyone listing it.
 */
export type TApp = "portal" | "admin";

const appsDir = path.resolve(import.meta.dirname, "../../../apps");

function filesNamed(dir: string, names: string[]): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...filesNamed(full, names));
    else if (names.includes(entry.name)) found.push(full);
  }
  return found;
}

/** `/reports/[id]` from `app/reports/[id]/page.tsx`; route groups `(x)` and private folders `_x` drop out. */
function routeOf(app: TApp, file: string): string {
  const segments = path
    .relative(path.join(appsDir, app, "app"), path.dirname(file))
    .split(path.sep)
    .filter((s) => s !== "" && !/^\(.*\)$/.test(s) && !s.startsWith("@"));
  return `/${segments.join("/")}`;
}

/** Every page (`page.tsx`) of an app, as a route pattern. */
export function pageRoutes(app: TApp): string[] {
  return filesNamed(path.join(appsDir, app, "app"), ["page.tsx", "page.ts", "page.jsx", "page.js"])
    .filter((f) => !f.split(path.sep).some((s) => s.startsWith("_")))
    .map((f) => routeOf(app, f))
    .sort();
}

/** Every route handler (`route.ts`) of an app, with the HTTP methods its file exports. */
export function handlerRoutes(app: TApp): { route: string; methods: string[] }[] {
  return filesNamed(path.join(appsDir, app, "app"), ["route.ts", "route.js"])
    .map((file) => {
      const source = readFileSync(file, "utf8");
      const methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"].filter((m) =>
        new RegExp(`export (const|async function|function) ${m}\\b|as ${m}\\b`).test(source),
      );
      return { route: routeOf(app, file), methods };
    })
    .sort((a, b) => a.route.localeCompare(b.route));
}

/** The dynamic segments of a route pattern: `[id]`, `[...slug]`, `[[...slug]]`. */
export function paramsOf(route: string): string[] {
  return [...route.matchAll(/\[\[?(?:\.\.\.)?([^\]]+)\]\]?/g)].map((m) => m[1] as string);
}

/** A route pattern with its dynamic segments filled in (URL-encoded here; a catch-all's value may hold "/"). */
export function fillRoute(route: string, values: Record<string, string>): string {
  return route.replace(/\[\[?(\.\.\.)?([^\]]+)\]\]?/g, (_all, catchAll: string | undefined, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for [${name}] in ${route}`);
    return catchAll ? value.split("/").map(encodeURIComponent).join("/") : encodeURIComponent(value);
  });
}
