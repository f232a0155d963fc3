/**
 * After the end-to-end run: no line the product logged (the stack's DISCLOSE_LOG_FILE) contains a secret the
 * tests typed or received (recorded by e2e/support/secrets-seen.ts): report plaintext, a tracking secret, a
 * session token, a TOTP code, a passphrase or an email address. Prints one closing line and exits 1 on a leak,
 * or when either file is missing or a kind of secret was never recorded (the check would then prove nothing).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { e2e } from "./e2e/stack";
import { SECRETS_FILE, type TSecretKind } from "./e2e/support/secrets-seen";

const KINDS: TSecretKind[] = [
  "report-plaintext",
  "tracking-secret",
  "session-token",
  "totp-code",
  "passphrase",
  "email",
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A 6-digit code counts only standing alone (not inside a longer number or id); other secrets anywhere. */
function matcher(kind: TSecretKind, value: string): RegExp {
  return kind === "totp-code"
    ? new RegExp(`(?<![0-9A-Za-z])${escapeRegExp(value)}(?![0-9A-Za-z])`)
    : new RegExp(escapeRegExp(value), "i");
}

export function scanLogs(logText: string, secretsText: string): { problems: string[]; checked: number } {
  const problems: string[] = [];
  const secrets = new Map<string, TSecretKind>();
  for (const line of secretsText.split("\n")) {
    if (!line.trim()) continue;
    const { kind, value } = JSON.parse(line) as { kind: TSecretKind; value: string };
    secrets.set(value, kind);
  }
  for (const kind of KINDS) {
    if (![...secrets.values()].includes(kind))
      problems.push(`no ${kind} was recorded: the recorder is broken`);
  }
  const lines = logText.split("\n");
  for (const [value, kind] of secrets) {
    const pattern = matcher(kind, value);
    const at = lines.findIndex((line) => pattern.test(line));
    // The secret itself is not printed: this output is a log too.
    if (at >= 0) problems.push(`a ${kind} (${value.length} characters) is in the log, line ${at + 1}`);
  }
  return { problems, checked: secrets.size };
}

function main() {
  const logFile = e2e.env.DISCLOSE_LOG_FILE ?? path.join(e2e.dataDir, "logs", "stack.log");
  for (const file of [logFile, SECRETS_FILE]) {
    if (!existsSync(file)) {
      console.log(`log scan: ${file} is missing\n0 passed, 1 failed`);
      process.exit(1);
    }
  }
  const logText = readFileSync(logFile, "utf8");
  const { problems, checked } = scanLogs(logText, readFileSync(SECRETS_FILE, "utf8"));
  const lineCount = logText.split("\n").length;
  if (lineCount < 100) problems.push(`the log has only ${lineCount} lines: was the stack's output captured?`);
  for (const problem of problems) console.log(`log scan: ${problem}`);
  console.log(
    `log scan: ${checked} secrets from the run checked against ${lineCount} log lines: ${problems.length ? "FAILED" : "none found"}`,
  );
  process.exit(problems.length ? 1 : 0);
}

// Run as a script (pnpm test); imported by its own test.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
