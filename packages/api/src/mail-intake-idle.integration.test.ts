import { randomBytes } from "node:crypto";
import { type Db, withSqlTransaction } from "@disclose/db";
import { seedDemo } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import {
  deliverToMailbox,
  installJobQueue,
  openSecurityMailbox,
  parseImapUrl,
  startTestDovecot,
  type TestDovecot,
} from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createMailIntakeTask,
  MAIL_INTAKE_LOCK_KEY,
  type MailIntakeLoop,
  startMailIntakeLoop,
} from "./use-cases/intake/mail-intake-task";

// The worker's mail pick-up as a long-lived loop: IMAP IDLE against a real Dovecot, a stop that does not hang, an
// outage recorded and recovered from, and rounds that never overlap (the advisory lock the one-off task shares).

const MAIL_FROM = "Disclose <security@example.test>";
/** Far beyond every wait below: a report that appears in time was woken by IDLE, not by a poll or a safety round. */
const NEVER_MS = 30 * 60_000;

let test: TestDatabase;
let db: Db;
let dovecot: TestDovecot;
beforeAll(async () => {
  test = await createTestDatabase();
  db = test.db;
  await installJobQueue(test.url);
  await seedDemo(db);
  dovecot = await startTestDovecot();
}, 120_000);
afterAll(async () => {
  await dovecot?.stop();
  await test?.drop();
});

/** A fresh mailbox (its own IMAP user): its URL, and a way to deliver mail to it as an MTA would. */
function newMailbox() {
  const user = `security-${randomBytes(4).toString("hex")}`;
  const url = dovecot.urlOf(user);
  return { url, deliver: (raw: string) => deliverTo(url, raw) };
}

/** Delivers a message to a mailbox's inbox, as an MTA would. */
const deliverTo = (url: string, raw: string) => deliverToMailbox(url, [raw]);

const mail = (from: string, subject: string) =>
  [
    `From: ${from}`,
    "To: security@example.test",
    `Subject: ${subject}`,
    "Date: Mon, 30 Nov 2026 10:00:00 +0000",
    `Message-ID: <${randomBytes(6).toString("hex")}@example.org>`,
    "",
    "The cache plugin answers with another user's page.",
    "",
  ].join("\r\n");

const reportsFrom = (from: string) => db.report.count({ where: { source: "email", emailFrom: from } });
const status = () => db.mailIntakeStatus.findUnique({ where: { id: 1 } });

async function eventually<T>(
  what: string,
  probe: () => Promise<T | null | undefined>,
  timeoutMs: number,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the loop has finished a round that began after `since` (it is then waiting for mail). */
const roundAfter = (since: Date, timeoutMs = 15_000) =>
  eventually(
    "a pick-up round",
    async () => {
      const s = await status();
      return s?.lastPickupAt && s.lastPickupAt >= since ? s : null;
    },
    timeoutMs,
  );

async function stopTimed(loop: MailIntakeLoop): Promise<number> {
  const began = Date.now();
  await loop.stop();
  return Date.now() - began;
}

describe("the mail pick-up loop", () => {
  it("is told of new mail by IDLE: the report appears within seconds, with polls minutes apart", async () => {
    const box = newMailbox();
    // The server offers IDLE, so the loop waits on it rather than polling.
    const probe = await openSecurityMailbox(parseImapUrl(box.url));
    expect(probe.offersIdle).toBe(true);
    await probe.close();

    const started = new Date();
    const loop = startMailIntakeLoop({
      db,
      imapUrl: box.url,
      mailFrom: MAIL_FROM,
      pollMs: NEVER_MS,
      idleRoundMs: NEVER_MS,
    });
    try {
      await roundAfter(started);
      // Idle in the mailbox now; two messages one after the other, each picked up at once.
      for (const n of [1, 2]) {
        const from = `idle-${n}-${randomBytes(3).toString("hex")}@example.org`;
        const delivered = Date.now();
        await box.deliver(mail(from, `Report ${n}`));
        await eventually("the report", () => reportsFrom(from), 5_000);
        expect(Date.now() - delivered).toBeLessThan(5_000);
      }
    } finally {
      // Stopping while in IDLE returns at once: the connection is closed, nothing waits for the server.
      expect(await stopTimed(loop)).toBeLessThan(3_000);
    }
    expect((await status())?.lastError).toBeNull();
  }, 60_000);

  it("polls a server that does not offer IDLE, every pollMs", async () => {
    const plain = await startTestDovecot({ idle: false });
    try {
      const url = plain.urlOf(`security-${randomBytes(4).toString("hex")}`);
      const probe = await openSecurityMailbox(parseImapUrl(url));
      expect(probe.offersIdle).toBe(false);
      await probe.close();
      const started = new Date();
      const loop = startMailIntakeLoop({
        db,
        imapUrl: url,
        mailFrom: MAIL_FROM,
        pollMs: 1_000,
        idleRoundMs: NEVER_MS,
      });
      try {
        await roundAfter(started);
        const from = `polled-${randomBytes(3).toString("hex")}@example.org`;
        await deliverTo(url, mail(from, "Polled"));
        await eventually("the polled report", () => reportsFrom(from), 5_000);
      } finally {
        expect(await stopTimed(loop)).toBeLessThan(3_000);
      }
    } finally {
      await plain.stop();
    }
  }, 60_000);

  it("stops promptly while the server is gone, and when stopped twice", async () => {
    const box = newMailbox();
    const loop = startMailIntakeLoop({
      db,
      imapUrl: box.url.replace(`:${dovecot.port}/`, ":1/"),
      mailFrom: MAIL_FROM,
      minBackoffMs: NEVER_MS,
    });
    await eventually("the failure recorded", async () => (await status())?.lastError, 10_000);
    // Waiting out a backoff of half an hour: the stop cuts it short.
    expect(await stopTimed(loop)).toBeLessThan(1_000);
    expect(await stopTimed(loop)).toBeLessThan(1_000);
  }, 30_000);

  it("records a lost server, reconnects with backoff and picks up what came meanwhile", async () => {
    const box = newMailbox();
    const started = new Date();
    const loop = startMailIntakeLoop({
      db,
      imapUrl: box.url,
      mailFrom: MAIL_FROM,
      pollMs: NEVER_MS,
      idleRoundMs: NEVER_MS,
      minBackoffMs: 200,
      maxBackoffMs: 1_000,
    });
    try {
      await roundAfter(started);
      const halted = new Date();
      await dovecot.halt();
      // The dropped session (then each refused reconnection) is on the settings page, in its own words.
      const failed = await eventually(
        "the outage recorded",
        async () => {
          const s = await status();
          return s?.lastError && s.lastErrorAt && s.lastErrorAt >= halted ? s : null;
        },
        10_000,
      );
      expect(failed.lastError).not.toContain("test-password");
      // Still failing a few backoffs later (each attempt recorded), not given up.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect((await status())?.lastErrorAt?.getTime()).toBeGreaterThan(failed.lastErrorAt?.getTime() ?? 0);

      await dovecot.resume();
      const from = `after-outage-${randomBytes(3).toString("hex")}@example.org`;
      await box.deliver(mail(from, "Sent during the outage's end"));
      await eventually("the report after the outage", () => reportsFrom(from), 10_000);
      const recovered = await eventually(
        "the error cleared",
        async () => {
          const s = await status();
          return s?.lastError === null ? s : null;
        },
        5_000,
      );
      expect(recovered.lastPickupAt?.getTime()).toBeGreaterThan(halted.getTime());
    } finally {
      await dovecot.resume();
      expect(await stopTimed(loop)).toBeLessThan(3_000);
    }
  }, 60_000);

  it("never runs two rounds at once: the task and the loop share a lock, across processes", async () => {
    const box = newMailbox();
    const started = new Date();
    const loop = startMailIntakeLoop({
      db,
      imapUrl: box.url,
      mailFrom: MAIL_FROM,
      pollMs: NEVER_MS,
      idleRoundMs: NEVER_MS,
    });
    const from = `locked-${randomBytes(3).toString("hex")}@example.org`;
    try {
      await roundAfter(started);
      // Another process's round holds the lock (here: this test's own transaction) while mail arrives.
      await withSqlTransaction(db, async (sql) => {
        await sql.query("SELECT pg_advisory_xact_lock($1::bigint)", [MAIL_INTAKE_LOCK_KEY.toString()]);
        await box.deliver(mail(from, "While locked"));
        // The one-off task finds the lock taken and leaves the mail alone (no error either).
        const before = await status();
        await createMailIntakeTask({ db, imapUrl: box.url, mailFrom: MAIL_FROM })();
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        expect(await reportsFrom(from)).toBe(0);
        expect(await status()).toEqual(before);
      });
      // Released: the loop, woken by IDLE but refused the lock, tries again and takes the mail once.
      await eventually("the report once the lock is free", () => reportsFrom(from), 10_000);
      expect(await reportsFrom(from)).toBe(1);
    } finally {
      await loop.stop();
    }
  }, 60_000);
});
