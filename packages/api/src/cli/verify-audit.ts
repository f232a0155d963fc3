// `pnpm audit:verify [--head <seq>:<hash> | --head <hash>]`: verifies the audit log's hash chain (and, with
// --head, that it still holds a head hash received earlier, e.g. in a PST daily digest: a rewritten chain does
// not), prints the result, records it in audit_verifications (trigger 'command') and, when the chain is broken,
// emails the PST once per break. DATABASE_URL names the database; unset, the embedded PostgreSQL is used (started
// for the run when it is not running). Exit status: 0 verified, 1 broken or failed, 2 bad arguments.
import { createDb } from "@disclose/db";
import { ensureDatabase } from "@disclose/db/ops";
import { runAuditVerification } from "../use-cases/audit/verify-audit-chain";
import { parseVerifyAuditArgs, VERIFY_AUDIT_USAGE } from "./verify-audit-args";

const args = parseVerifyAuditArgs(process.argv.slice(2));
if (!args.ok) {
  console.error(`pnpm audit:verify: ${args.message}\n\n${VERIFY_AUDIT_USAGE}`);
  process.exit(2);
}
if (args.help) {
  console.log(VERIFY_AUDIT_USAGE);
  process.exit(0);
}

let database: Awaited<ReturnType<typeof ensureDatabase>>;
try {
  database = await ensureDatabase();
} catch (error) {
  console.error(`pnpm audit:verify: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const db = createDb(database.appUrl);
try {
  const { verification: v, emailed } = await runAuditVerification({
    db,
    trigger: "command",
    now: new Date(),
    ...(args.expectedHead ? { expectedHead: args.expectedHead } : {}),
  });
  if (v.ok) {
    console.log(
      [
        `OK: the audit log verifies: ${v.events} event(s).`,
        v.headSeq === null ? "Head: none (the log is empty)." : `Head: #${v.headSeq} ${v.headHash}`,
        ...(args.expectedHead
          ? [
              `The head received earlier${args.expectedHead.seq === undefined ? "" : ` (#${args.expectedHead.seq})`} is in the chain: the log was not rewritten since.`,
            ]
          : []),
      ].join("\n"),
    );
  } else {
    console.error(
      [
        `FAILED: the audit log does not verify at event #${v.failedSeq}.`,
        `Reason: ${v.reason}`,
        `Events verified before it: ${v.events}`,
        emailed > 0
          ? `The PST was emailed (${emailed} member(s)).`
          : v.alerted
            ? "The PST was emailed."
            : "The PST was already emailed about this break.",
      ].join("\n"),
    );
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`pnpm audit:verify failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
  await database.stop();
}
