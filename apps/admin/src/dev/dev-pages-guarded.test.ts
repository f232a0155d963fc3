import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Everything under app/dev/ (the development mailbox: sign-in links, reporters' tracking links with their key)
// is for the local demo's own browser only. Each page and route checks it itself, first thing: a check in a
// layout is skipped when a client asks for a page segment alone.
const devDir = path.resolve(import.meta.dirname, "../../app/dev");
const ENTRY = /^(page|route)\.(ts|tsx)$/;

function entries(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entries(full);
    return ENTRY.test(entry.name) ? [full] : [];
  });
}

const files = entries(devDir);

describe("every page and route under app/dev", () => {
  it("is found (the mailbox list and a message at least)", () => {
    expect(files.map((f) => path.relative(devDir, f)).sort()).toEqual(
      expect.arrayContaining(["mailbox/[id]/page.tsx", "mailbox/page.tsx"]),
    );
  });

  it.each(files.map((f) => [path.relative(devDir, f), f]))(
    "%s answers only the local demo: requireLocalDemo() comes before anything else it awaits",
    (_name, file) => {
      const source = readFileSync(file, "utf8");
      const body = source.slice(source.search(/export (default )?async function/));
      expect(body).toMatch(/export (default )?async function/);
      const firstAwait = /await\s+([\w.]+)\(/.exec(body);
      expect(firstAwait?.[1]).toBe("requireLocalDemo");
      expect(source).toMatch(/import \{[^}]*\brequireLocalDemo\b[^}]*\} from "~\/dev\/local-demo";/);
      // Static metadata is sent along with the 404 and would tell a stranger what the page is.
      expect(source).not.toMatch(/export const metadata\b/);
    },
  );
});
