import { type Db, withSqlTransaction } from "@disclose/db";
import type { TIntakePolicy } from "@disclose/domain";
import {
  openSecurityMailbox,
  parseImapUrl,
  type SecurityMailbox,
  type SecurityMailboxSession,
  type TMailboxConfig,
} from "@disclose/email";
import { apiEnv } from "../../env";
import { pickUpMail } from "./pick-up-mail";

/**
 * A single pick-up round as a graphile-worker task (a one-off job, the fault test). The background worker does
 * not schedule it: its intake loop (startMailIntakeLoop) waits for mail under IDLE, or polls every minute.
 */
export const MAIL_INTAKE_TASK = "mail-intake";

/**
 * pg_try_advisory_xact_lock key of a pick-up round ("mail"): rounds never overlap, whether two worker processes
 * run the loop or the task runs beside it. A round that finds the lock taken does nothing: the round holding it
 * picks the mail up.
 */
export const MAIL_INTAKE_LOCK_KEY = 0x6d61696cn;

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;

/**
 * Who intake must leave alone or never answer: staff (every active account that is not only a distributor's),
 * the team list (`list-id=` in SECURITY_IMAP_URL) and our own addresses (the mailbox's, `address=`, MAIL_FROM's).
 */
export async function intakePolicy(
  db: Db,
  config: TMailboxConfig,
  url: URL,
  mailFrom: string,
): Promise<TIntakePolicy> {
  const staff = await db.user.findMany({
    where: { active: true, NOT: { roles: { some: { role: "DISTRIBUTOR_MEMBER" } } } },
    select: { email: true },
  });
  const own = [
    config.user,
    url.searchParams.get("address") ?? "",
    mailFrom.match(/<([^>]+)>/)?.[1] ?? mailFrom,
  ]
    .map((a) => a.trim().toLowerCase())
    .filter((a) => ADDRESS.test(a));
  return {
    staffAddresses: new Set(staff.map((u) => u.email.toLowerCase())),
    teamListId: url.searchParams.get("list-id"),
    ownAddresses: new Set(own),
  };
}

/**
 * Runs `round` while holding the intake lock, or not at all ("busy") when another round holds it. The lock is
 * the transaction's: it goes with the commit, the rollback or the lost connection, never left behind.
 */
async function underIntakeLock(db: Db, round: () => Promise<void>): Promise<"done" | "busy"> {
  return withSqlTransaction(db, async (sql) => {
    const { rows } = await sql.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_xact_lock($1::bigint) AS locked",
      [MAIL_INTAKE_LOCK_KEY.toString()],
    );
    if (!rows[0]?.locked) return "busy";
    await round();
    return "done";
  });
}

/** One round on an open mailbox, then the state the admin settings show: picked up now, no error. */
async function pickUpRound(
  db: Db,
  mailbox: SecurityMailbox,
  imapUrl: string,
  mailFrom: string,
): Promise<void> {
  await pickUpMail({
    db,
    mailbox,
    policy: await intakePolicy(db, parseImapUrl(imapUrl), new URL(imapUrl), mailFrom),
    now: () => new Date(),
  });
  const at = new Date();
  await db.mailIntakeStatus.upsert({
    where: { id: 1 },
    create: { id: 1, lastPickupAt: at, lastError: null },
    update: { lastPickupAt: at, lastError: null },
  });
}

/** Keeps a failed round's words for the admin settings (an IMAP or database error: never a message's content). */
async function recordIntakeError(db: Db, error: unknown): Promise<void> {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 300);
  await db.mailIntakeStatus.upsert({
    where: { id: 1 },
    create: { id: 1, lastError: message, lastErrorAt: new Date() },
    update: { lastError: message, lastErrorAt: new Date() },
  });
}

/**
 * The worker's pick-up round: opens the security mailbox, turns what waits there into reports, and keeps the
 * state the admin settings show (last pick-up, the last error: its words, never a message's content).
 */
export function createMailIntakeTask({
  db,
  imapUrl = apiEnv().SECURITY_IMAP_URL,
  mailFrom,
}: {
  db: Db;
  imapUrl?: string;
  mailFrom: string;
}) {
  return async () => {
    if (!imapUrl) return;
    const config = parseImapUrl(imapUrl);
    try {
      await underIntakeLock(db, async () => {
        const mailbox = await openSecurityMailbox(config);
        try {
          await pickUpRound(db, mailbox, imapUrl, mailFrom);
        } finally {
          await mailbox.close();
        }
      });
    } catch (error) {
      await recordIntakeError(db, error);
    }
  };
}

export interface TMailIntakeLoopOptions {
  db: Db;
  imapUrl: string;
  mailFrom: string;
  /** Without IDLE: how often the mailbox is looked at (default a minute). */
  pollMs?: number;
  /**
   * Under IDLE: the longest time between two rounds when the server tells of nothing (default 10 minutes), in
   * case a notice was lost.
   */
  idleRoundMs?: number;
  /** After a failure: the first wait before reconnecting, doubled on each failure in a row up to `maxBackoffMs`. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export interface MailIntakeLoop {
  /** Closes the IMAP connection, lets a round in hand end, and resolves once the loop has stopped. */
  stop(): Promise<void>;
}

/** While another process's round holds the lock: how soon to try again (its mail may have arrived after it looked). */
const BUSY_RETRY_MS = 5_000;

/**
 * The background worker's mail pick-up: keeps the security mailbox open, runs a round, then waits for new mail,
 * with IDLE where the server offers it (the report appears within seconds of the mail), polling every `pollMs`
 * otherwise, and runs again. A failure (the server gone, a wrong password, the database away) is recorded like
 * the task's and the loop reconnects after a backoff of `minBackoffMs` doubling up to `maxBackoffMs`.
 */
export function startMailIntakeLoop({
  db,
  imapUrl,
  mailFrom,
  pollMs = 60_000,
  idleRoundMs = 10 * 60_000,
  minBackoffMs = 5_000,
  maxBackoffMs = 5 * 60_000,
}: TMailIntakeLoopOptions): MailIntakeLoop {
  const config = parseImapUrl(imapUrl);
  let stopped = false;
  let mailbox: SecurityMailboxSession | null = null;
  let interrupt = () => {};
  const stopping = new Promise<null>((resolve) => {
    interrupt = () => resolve(null);
  });
  /** Waits `ms`, or less when the loop is stopped. */
  let cutShort = () => {};
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      cutShort = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function connect(): Promise<SecurityMailboxSession | null> {
    const opening = openSecurityMailbox(config);
    const opened = await Promise.race([opening, stopping]);
    if (opened === null) {
      // Stopped while connecting: the connection, if it comes, is closed at once.
      opening.then((m) => m.close()).catch(() => {});
    }
    return opened;
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (!stopped) {
      try {
        mailbox = await connect();
        if (!mailbox || stopped) return;
        for (;;) {
          const open = mailbox;
          const outcome = await underIntakeLock(db, () => pickUpRound(db, open, imapUrl, mailFrom));
          if (stopped) return;
          failures = 0;
          if (outcome === "busy") await pause(BUSY_RETRY_MS);
          else await open.waitForMail(open.offersIdle ? idleRoundMs : pollMs);
          if (stopped) return;
        }
      } catch (error) {
        // A stop closes the connection under a round or a wait: that is no failure to record.
        if (stopped) return;
        await recordIntakeError(db, error).catch(() => {});
        failures++;
        await pause(Math.min(maxBackoffMs, minBackoffMs * 2 ** Math.min(failures - 1, 20)));
      } finally {
        const open = mailbox;
        mailbox = null;
        await open?.close();
      }
    }
  }

  const done = run();
  return {
    async stop() {
      stopped = true;
      interrupt();
      cutShort();
      // Ends an IDLE wait, and makes a round's next IMAP command fail: the round ends where it is, which the
      // pick-up is made for (a message committed but not moved is only moved next time).
      await mailbox?.close();
      await done;
    },
  };
}
