/**
 * The background worker's mail pick-up in a process of its own, for the mail-intake fault test (which SIGKILLs it
 * and starts it again):
 *
 *   node --import tsx mail-intake-worker.ts <DATABASE_URL> <SECURITY_IMAP_URL> [--hold-before-move]
 *
 * Without the flag it runs the worker's own intake loop (startMailIntakeLoop: a round at once, then IDLE) until
 * SIGTERM, which stops it as the worker's stop does (exit 0). With `--hold-before-move` it runs one round of
 * pickUpMail with the same mailbox and policy, but stops before the IMAP MOVE of the first message it reports
 * itself (its report committed, the message still in the inbox), prints `holding <uid>` and waits there: the
 * test kills it at exactly that moment. The URLs come as arguments (the test's own); the test also sets
 * SECURITY_IMAP_URL for the code that reads the security address from the environment, as in production.
 */
import { createDb } from "@disclose/db";
import { openSecurityMailbox, parseImapUrl, type SecurityMailbox } from "@disclose/email";
import {
  intakePolicy,
  startMailIntakeLoop,
} from "../../../packages/api/src/use-cases/intake/mail-intake-task";
import { pickUpMail } from "../../../packages/api/src/use-cases/intake/pick-up-mail";

const MAIL_FROM = "Disclose <security@example.test>";
/** Long enough for the test to notice and kill; short enough that a forgotten child ends by itself. */
const HOLD_MS = 30_000;
/** A forgotten loop ends by itself too. */
const LOOP_MAX_MS = 120_000;

async function holdBeforeMove(databaseUrl: string, imapUrl: string): Promise<void> {
  const db = createDb(databaseUrl);
  const config = parseImapUrl(imapUrl);
  const mailbox = await openSecurityMailbox(config);
  try {
    // Messages an earlier round recorded are only moved: the hold is for a report this round commits.
    const recorded = new Set(
      (
        await db.mailIntakeMessage.findMany({
          where: { mailbox: mailbox.name, uidValidity: mailbox.uidValidity },
          select: { uid: true },
        })
      ).map((m) => Number(m.uid)),
    );
    let held = false;
    const holding: SecurityMailbox = {
      ...mailbox,
      async moveTo(uid, to) {
        if (!held && !recorded.has(uid)) {
          held = true;
          process.stdout.write(`holding ${uid}\n`);
          await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
        }
        await mailbox.moveTo(uid, to);
      },
    };
    const result = await pickUpMail({
      db,
      mailbox: holding,
      policy: await intakePolicy(db, config, new URL(imapUrl), MAIL_FROM),
      now: () => new Date(),
    });
    process.stdout.write(`done ${JSON.stringify(result)}\n`);
  } finally {
    await mailbox.close();
    await db.$disconnect();
  }
}

async function loop(databaseUrl: string, imapUrl: string): Promise<void> {
  const db = createDb(databaseUrl);
  const intake = startMailIntakeLoop({ db, imapUrl, mailFrom: MAIL_FROM, pollMs: 1_000 });
  process.stdout.write("started\n");
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, LOOP_MAX_MS);
    process.once("SIGTERM", () => {
      clearTimeout(timer);
      resolve();
    });
  });
  await intake.stop();
  await db.$disconnect();
  process.stdout.write("stopped\n");
}

const [databaseUrl, imapUrl, flag] = process.argv.slice(2);
if (!databaseUrl || !imapUrl) throw new Error("usage: mail-intake-worker.ts <database url> <imap url>");
(flag === "--hold-before-move" ? holdBeforeMove(databaseUrl, imapUrl) : loop(databaseUrl, imapUrl)).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
