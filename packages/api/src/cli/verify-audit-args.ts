import { parseAuditHeadRef, type TAuditHeadRef } from "@disclose/domain";

export const VERIFY_AUDIT_USAGE = [
  "Usage: pnpm audit:verify [--head <seq>:<hash> | --head <hash>]",
  "",
  "Verifies the audit log's hash chain and prints the event count and the current head.",
  "--head: a head hash received earlier (the PST's daily digest prints it): the chain must still hold it,",
  "        which proves the log was not rewritten since.",
  "Exit status: 0 verified, 1 the chain is broken (or does not hold the head), 2 bad arguments.",
].join("\n");

/** What the command was asked: verify (against a head, when given), or print the usage. */
export type TVerifyAuditArgs =
  | { ok: true; help: true }
  | { ok: true; help: false; expectedHead?: TAuditHeadRef }
  | { ok: false; message: string };

/** Reads `--head <value>`, `--head=<value>`, `--help`; anything else is refused with a sentence saying why. */
export function parseVerifyAuditArgs(argv: readonly string[]): TVerifyAuditArgs {
  // pnpm passes a lone "--" through when called as `pnpm audit:verify -- --head …`.
  const args = argv.filter((a) => a !== "--");
  let head: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "--help" || arg === "-h") return { ok: true, help: true };
    let value: string | undefined;
    if (arg === "--head") {
      value = args[i + 1];
      if (value === undefined || value.startsWith("--")) {
        return { ok: false, message: "--head needs a value: --head <seq>:<hash> or --head <hash>." };
      }
      i++;
    } else if (arg.startsWith("--head=")) {
      value = arg.slice("--head=".length);
    } else {
      return { ok: false, message: `Unknown argument "${arg.slice(0, 80)}".` };
    }
    if (head !== undefined) return { ok: false, message: "Give --head once." };
    head = value;
  }
  if (head === undefined) return { ok: true, help: false };
  const parsed = parseAuditHeadRef(head);
  if (!parsed.ok) return { ok: false, message: `--head: ${parsed.message}` };
  return { ok: true, help: false, expectedHead: parsed.head };
}
