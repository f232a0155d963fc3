/**
 * `pnpm audit:deps` (CI runs it): `pnpm audit --prod`, failing on a critical advisory that
 * `audit-allowlist.json` does not accept (each entry says why and until when; an expired one fails too) and
 * printing high ones. When the registry's advisory service cannot be reached, it says so loudly and passes,
 * unless AUDIT_REQUIRED=1 (then that fails too).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { evaluateAudit, parseAuditReport, ZAllowList } from "./dependency-audit";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const required = process.env.AUDIT_REQUIRED === "1";

function main(): number {
  const file = JSON.parse(readFileSync(path.join(root, "audit-allowlist.json"), "utf8")) as {
    allow?: unknown;
  };
  const allowList = ZAllowList.parse(file.allow);
  const result = spawnSync("pnpm", ["audit", "--prod", "--json"], {
    cwd: root,
    encoding: "utf8",
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  let json: { error?: { code?: string; message?: string } } & Record<string, unknown>;
  try {
    json = JSON.parse(result.stdout);
  } catch {
    json = { error: { message: (result.stderr || result.error?.message || "no output").slice(0, 500) } };
  }
  if (json.error) {
    console.log(
      `dependency audit: WARNING: could not check: ${json.error.message ?? json.error.code}.${required ? "" : " Passing (set AUDIT_REQUIRED=1 to fail instead)."}`,
    );
    return required ? 1 : 0;
  }
  const today = new Date().toISOString().slice(0, 10);
  const verdict = evaluateAudit(parseAuditReport(json), allowList, today);
  for (const line of verdict.allowed) console.log(`dependency audit: allowed: ${line}`);
  for (const line of verdict.warnings) console.log(`dependency audit: WARNING: ${line}`);
  for (const line of [...verdict.failing, ...verdict.expired]) console.log(`dependency audit: FAIL: ${line}`);
  const failed = verdict.failing.length + verdict.expired.length;
  console.log(
    `dependency audit: ${failed === 0 ? "passed" : "failed"} (${verdict.failing.length} critical, ${verdict.warnings.length} high, ${verdict.allowed.length} allowed, ${verdict.expired.length} expired allow-list entries)`,
  );
  return failed === 0 ? 0 : 1;
}

process.exit(main());
