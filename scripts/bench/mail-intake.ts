/**
 * Reports by email (issue 17): MAIL_INTAKE_MESSAGES plain messages from as many senders (the per-sender limit is
 * 10 an hour; the overall one, 1,200, holds them all) wait in a fresh mailbox of a real Dovecot on 127.0.0.1;
 * one pick-up round (the worker's: the mailbox opened, the intake policy read, pickUpMail, the mailbox closed)
 * turns them into reports, timed from the open to the close. Target: ≥ 20 reports/s. The ceiling, same run: the
 * no-JavaScript form's use-case (submitPlaintextReport: the same server-side encryption and report transaction)
 * called directly for NO_JS_SAMPLE plain reports, one after another like the pick-up (half before the pick-up,
 * half after: the machine may be shared, and a load that comes or goes weighs on both). Both go through the app
 * role, as the worker and the portal do; both counts are checked afterwards (a run that made no reports fails).
 * The pick-up's IMAP calls are timed on their own (the mailbox is wrapped), so the figure says where time goes.
 */
import { randomBytes } from "node:crypto";
import { availableParallelism, loadavg } from "node:os";
import { createDb } from "@disclose/db";
import {
  connectMailbox,
  openSecurityMailbox,
  parseImapUrl,
  type SecurityMailbox,
  startTestDovecot,
} from "@disclose/email";
import { intakePolicy } from "../../packages/api/src/use-cases/intake/mail-intake-task";
import { pickUpMail } from "../../packages/api/src/use-cases/intake/pick-up-mail";
import { securityAddress } from "../../packages/api/src/use-cases/intake/reply-address";
import { submitPlaintextReport } from "../../packages/api/src/use-cases/reports/submit-plaintext-report";
import { plainReportMail } from "../../tests/faults/support/mail-intake-imap";

export const MAIL_INTAKE_MESSAGES = 1_000;
export const NO_JS_SAMPLE = 200;
export const MAIL_INTAKE_TARGET_PER_S = 20;
const SECURITY = "security@bench.example.test";
const MAIL_FROM = `Disclose <${SECURITY}>`;

export interface TMailIntakeResult {
  lines: string[];
}

interface TPhase {
  calls: number;
  ms: number;
}

export async function mailIntakeBench({
  ownerUrl,
  appUrl,
  messages = MAIL_INTAKE_MESSAGES,
  sample = NO_JS_SAMPLE,
}: {
  /** The tables' owner: the checks afterwards. */
  ownerUrl: string;
  /** The app role: the pick-up and the no-JavaScript path, as in production. */
  appUrl: string;
  messages?: number;
  sample?: number;
}): Promise<TMailIntakeResult> {
  const dovecot = await startTestDovecot().catch((error: unknown) => {
    throw new Error(
      "the mail-intake bench needs Dovecot (apt-get install -y dovecot-imapd; see the machine notes)",
      { cause: error },
    );
  });
  const owner = createDb(ownerUrl);
  const db = createDb(appUrl);
  try {
    const run = randomBytes(4).toString("hex");
    // As production is configured: the security address given, so receipts carry a reply address.
    const imapUrl = `${dovecot.urlOf(`security-${run}`)}?address=${SECURITY}`;
    const senderDomain = `bench-${run}.example.org`;
    const imap = await connectMailbox(imapUrl);
    console.log(`appending ${messages.toLocaleString("en")} messages to a Dovecot mailbox…`);
    const appendStarted = performance.now();
    await imap.append(
      Array.from({ length: messages }, (_, i) =>
        plainReportMail({
          from: `Reporter ${i} <reporter-${i}@${senderDomain}>`,
          to: SECURITY,
          subject: `Crash in plugin/cache with a crafted query (${i})`,
          body: [
            "Hello,",
            "",
            `a crafted query makes the cache plugin crash (case ${i}).`,
            "Steps: send the attached query twice within a second; the second answer never comes.",
            "Impact: denial of service for every client of the resolver.",
            "",
            "Regards",
          ].join("\r\n"),
        }),
      ),
    );
    const appendSeconds = (performance.now() - appendStarted) / 1000;
    const waiting = await imap.count("INBOX");
    if (waiting !== messages) throw new Error(`expected ${messages} messages waiting, found ${waiting}`);

    // The ceiling: the no-JavaScript form's use-case, one plain report after another; half of them before the
    // pick-up and half after, so that a load that comes or goes meanwhile weighs on both figures alike.
    const [{ n: before }] = await owner.$queryRaw<[{ n: number }]>`
      SELECT count(*)::int AS n FROM reports WHERE source = 'portal' AND encryption = 'server'`;
    let noJsMs = 0;
    const noJs = async (count: number) => {
      console.log(`submitting ${count} plain reports through the no-JavaScript path…`);
      const noJsStarted = performance.now();
      for (let i = 0; i < count; i++) {
        await submitPlaintextReport({
          db,
          now: new Date(),
          input: {
            content: {
              title: `Crash in plugin/cache with a crafted query (${i})`,
              component: "plugin/cache",
              affectedVersions: "1.11.0",
              description: `A crafted query makes the cache plugin crash (case ${i}).`,
              stepsToReproduce: "Send the attached query twice within a second.",
              impact: "Denial of service for every client of the resolver.",
              alreadyPublic: false,
              credit: { mode: "anonymous" },
            },
            files: [],
          },
        });
      }
      noJsMs += performance.now() - noJsStarted;
    };
    const loadBefore = loadavg()[0]!;
    await noJs(Math.floor(sample / 2));

    // The pick-up round, as the worker's task runs it, with its IMAP calls timed on the side.
    const fetches: TPhase = { calls: 0, ms: 0 };
    const moves: TPhase = { calls: 0, ms: 0 };
    const timed = async <T>(phase: TPhase, call: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      try {
        return await call();
      } finally {
        phase.calls++;
        phase.ms += performance.now() - started;
      }
    };
    console.log("picking them up…");
    const started = performance.now();
    const config = parseImapUrl(imapUrl);
    const mailbox = await openSecurityMailbox(config);
    const measured: SecurityMailbox = {
      ...mailbox,
      source: (uid) => timed(fetches, () => mailbox.source(uid)),
      moveTo: (uid, to) => timed(moves, () => mailbox.moveTo(uid, to)),
    };
    let picked: Awaited<ReturnType<typeof pickUpMail>>;
    try {
      picked = await pickUpMail({
        db,
        mailbox: measured,
        policy: await intakePolicy(db, config, new URL(imapUrl), MAIL_FROM),
        now: () => new Date(),
        security: securityAddress(imapUrl),
      });
    } finally {
      await measured.close();
    }
    const pickUpMs = performance.now() - started;
    await noJs(sample - Math.floor(sample / 2));
    const loadAfter = loadavg()[0]!;

    // What the round made, counted independently of what it says.
    const [{ n: reports }] = await owner.$queryRaw<[{ n: number }]>`
      SELECT count(*)::int AS n FROM reports WHERE source = 'email' AND email_from LIKE ${`%@${senderDomain}`}`;
    const [{ n: senders }] = await owner.$queryRaw<[{ n: number }]>`
      SELECT count(DISTINCT email_from)::int AS n FROM reports WHERE source = 'email' AND email_from LIKE ${`%@${senderDomain}`}`;
    const [{ n: recorded }] = await owner.$queryRaw<[{ n: number }]>`
      SELECT count(*)::int AS n FROM mail_intake_messages
       WHERE mailbox = ${mailbox.name} AND outcome = 'report' AND report_id IS NOT NULL AND moved_at IS NOT NULL`;
    const folders = { inbox: await imap.count("INBOX"), processed: await imap.count("Processed") };
    await imap.close();
    if (
      picked.reports !== messages ||
      reports !== messages ||
      senders !== messages ||
      recorded !== messages ||
      folders.inbox !== 0 ||
      folders.processed !== messages
    ) {
      throw new Error(
        `the pick-up did not make one report per message: ${JSON.stringify({ picked, reports, senders, recorded, folders })}`,
      );
    }

    const [{ n: after }] = await owner.$queryRaw<[{ n: number }]>`
      SELECT count(*)::int AS n FROM reports WHERE source = 'portal' AND encryption = 'server'`;
    if (after - before !== sample) {
      throw new Error(`expected ${sample} no-JavaScript reports, the database gained ${after - before}`);
    }

    const pickUpRate = messages / (pickUpMs / 1000);
    const noJsRate = sample / (noJsMs / 1000);
    const perMessage = (ms: number) => (ms / messages).toFixed(1);
    const rest = pickUpMs - fetches.ms - moves.ms;
    return {
      lines: [
        `pick-up: ${messages.toLocaleString("en")} plain messages waiting → ${reports.toLocaleString("en")} reports (one per sender, all moved to Processed) in ${(pickUpMs / 1000).toFixed(1)} s: ${pickUpRate.toFixed(1)} reports/s (target ≥ ${MAIL_INTAKE_TARGET_PER_S}/s)`,
        `ceiling: the no-JavaScript path (submitPlaintextReport, ${sample} plain reports one after another, half before the pick-up and half after): ${noJsRate.toFixed(1)} reports/s; pick-up/ceiling ${((pickUpRate / noJsRate) * 100).toFixed(0)} %`,
        `pick-up per message: ${perMessage(pickUpMs)} ms = IMAP FETCH of the source ${perMessage(fetches.ms)} ms + IMAP MOVE ${perMessage(moves.ms)} ms + the rest (record check, parse, limits, encryption, report transaction) ${perMessage(rest)} ms; the ceiling: ${(noJsMs / sample).toFixed(1)} ms per report`,
        `(appending the ${messages.toLocaleString("en")} messages, not timed above: ${appendSeconds.toFixed(1)} s; load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after, on ${availableParallelism()} cores: the machine is shared, so read the ratio more than the rates)`,
      ],
    };
  } finally {
    await db.$disconnect();
    await owner.$disconnect();
    await dovecot.stop();
  }
}
