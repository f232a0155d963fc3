import { randomBytes } from "node:crypto";
import {
  decryptBytesWithKeys,
  decryptTextWithKeys,
  encryptionKeyIdsOfKey,
  encryptText,
  unlockPrivateKey,
  unlockTeamSecretKey,
} from "@disclose/crypto";
import type { Db } from "@disclose/db";
import { getDemoPrivateKeys, seedDemo } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { INTAKE_BOUNCE_SUBJECT, MAIL_MAX_BYTES, type TIntakePolicy } from "@disclose/domain";
import { installJobQueue, type SecurityMailbox, startTestDovecot, type TestDovecot } from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiEnv } from "./env";
import { adminCallerAs } from "./test-support/admin-caller";
import { generateTestKey } from "./test-support/keys";
import { columnsContaining } from "./test-support/marker-scan";
import { testMail, testMailboxWith } from "./test-support/security-mailbox";
import { sessionFor } from "./test-support/sessions";
import { createMailIntakeTask } from "./use-cases/intake/mail-intake-task";
import { pickUpMail } from "./use-cases/intake/pick-up-mail";
import { listPstKeys } from "./use-cases/keys/list-pst-keys";

const SECURITY = "security@example.test";
const STAFF = "pst1@demo.disclose.test";
const policy: TIntakePolicy = {
  staffAddresses: new Set([STAFF]),
  teamListId: "security.example.test",
  ownAddresses: new Set([SECURITY]),
};

let test: TestDatabase;
let db: Db;
let dovecot: TestDovecot;
let keys: Awaited<ReturnType<typeof unlockPrivateKey>>[];
beforeAll(async () => {
  test = await createTestDatabase();
  db = test.db;
  await installJobQueue(test.url);
  await seedDemo(db);
  keys = await Promise.all(
    (await getDemoPrivateKeys(db)).map((k) => unlockPrivateKey(k.lockedPrivateKey, k.passphrase)),
  );
  dovecot = await startTestDovecot();
}, 120_000);
afterAll(async () => {
  await dovecot?.stop();
  await test?.drop();
});

const mailboxWith = (messages: (string | Buffer)[]) => testMailboxWith(dovecot, messages);

async function pickUp(mailbox: SecurityMailbox) {
  try {
    return await pickUpMail({ db, mailbox, policy, now: () => new Date() });
  } finally {
    await mailbox.close();
  }
}

const mail = testMail;

const reportsFrom = (from: string) =>
  db.report.findMany({
    where: { emailFrom: from },
    include: { attachments: { orderBy: { position: "asc" } } },
  });

describe("reports by email", () => {
  it("makes a plain message a report encrypted on receipt; no trace of its words anywhere in the database", async () => {
    const marker = `m${randomBytes(6).toString("hex")}`;
    const from = `rita-${randomBytes(3).toString("hex")}@example.org`;
    const boundary = "b-1";
    const raw = mail(
      {
        From: `Rita Reporter <${from}>`,
        To: SECURITY,
        Subject: `Crash in forward ${marker}`,
        "MIME-Version": "1.0",
        "Content-Type": `multipart/mixed; boundary="${boundary}"`,
      },
      [
        `--${boundary}`,
        "Content-Type: text/plain; charset=utf-8",
        "",
        `The forward plugin crashes. ${marker}`,
        `--${boundary}`,
        `Content-Type: text/x-python; name="poc-${marker}.py"`,
        `Content-Disposition: attachment; filename="poc-${marker}.py"`,
        "Content-Transfer-Encoding: base64",
        "",
        Buffer.from(`print("${marker}")\n`).toString("base64"),
        `--${boundary}--`,
        "",
      ].join("\r\n"),
    );
    const box = await mailboxWith([raw]);
    expect(await pickUp(await box.open())).toEqual({ reports: 1, replies: 0, skipped: 0, quarantined: 0 });
    expect(await box.counts()).toEqual({ inbox: 0, processed: 1, quarantine: 0 });
    await box.close();

    // The marker is in the subject, the body and the attachment's name and content: only ciphertext holds them.
    const [report, ...others] = await db.report.findMany({
      where: { source: "email", emailFrom: from },
      include: { attachments: true },
    });
    expect(others).toEqual([]);
    expect(report?.encryption).toBe("server");
    expect(report?.emailDate).toEqual(new Date("2026-11-30T10:00:00Z"));
    // An automatic receipt, marked so, answering the message; it repeats nothing of it (the scan below).
    const [receipt, ...more] = await db.outboxMessage.findMany({ where: { toAddress: from } });
    expect(more).toEqual([]);
    expect(receipt?.subject).toBe("Your message to the security team was received");
    expect(receipt?.headers).toMatchObject({
      "Auto-Submitted": "auto-replied",
      "X-Loop": SECURITY,
      "In-Reply-To": expect.stringMatching(/^<[0-9a-f]+@example\.org>$/),
    });
    expect(await columnsContaining(db, marker)).toEqual([]);
    const text = await decryptTextWithKeys(report?.ciphertext ?? "", keys);
    expect(text).toContain(`Subject: Crash in forward ${marker}`);
    expect(text).toContain(`The forward plugin crashes. ${marker}`);
    const file = await decryptBytesWithKeys(report?.attachments[0]?.ciphertext ?? new Uint8Array(), keys);
    expect(Buffer.from(file).toString()).toBe(`print("${marker}")\n`);
    // The PST sees where it came from.
    const pst = await sessionFor(db, STAFF, { now: new Date() });
    const served = await (await adminCallerAs(db, pst, { now: new Date() })).cases.get({
      reportId: report?.id ?? "",
    });
    expect(served.byEmail).toEqual({
      from,
      date: new Date("2026-11-30T10:00:00Z"),
      reporterKeyFingerprint: null,
    });
    // Recorded once, with the report, and moved.
    const [record] = await db.mailIntakeMessage.findMany({ where: { reportId: report?.id } });
    expect(record).toMatchObject({ outcome: "report", movedAt: expect.any(Date) });
  });

  it("reads HTML-only mail and non-UTF-8 charsets as the text a person reads", async () => {
    const html = mail(
      {
        From: "html@example.org",
        To: SECURITY,
        Subject: "HTML only",
        "MIME-Version": "1.0",
        "Content-Type": "text/html; charset=utf-8",
      },
      "<p>Overflow in <b>plugin/cache</b></p><script>alert(1)</script>",
    );
    const latin1 = Buffer.concat([
      Buffer.from(
        mail(
          {
            From: "latin@example.org",
            To: SECURITY,
            Subject: "=?ISO-8859-1?Q?Probl=E8me?=",
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=ISO-8859-1",
            "Content-Transfer-Encoding": "8bit",
          },
          "",
        ),
      ),
      Buffer.from("Le cache pla\xe7e une r\xe9ponse fausse.\r\n", "latin1"),
    ]);
    const box = await mailboxWith([html, latin1]);
    expect(await pickUp(await box.open())).toEqual({ reports: 2, replies: 0, skipped: 0, quarantined: 0 });
    await box.close();
    const [fromHtml] = await reportsFrom("html@example.org");
    const htmlText = await decryptTextWithKeys(fromHtml?.ciphertext ?? "", keys);
    expect(htmlText).toContain("Overflow in plugin/cache");
    expect(htmlText).not.toContain("<p>");
    const [fromLatin] = await reportsFrom("latin@example.org");
    const text = await decryptTextWithKeys(fromLatin?.ciphertext ?? "", keys);
    expect(text).toContain("Subject: Problème");
    expect(text).toContain("Le cache plaçe une réponse fausse.");
  });

  it("stores inline PGP and PGP/MIME mail encrypted to the PST as its packets", async () => {
    const pst = (await listPstKeys({ db, now: new Date() })).map((k) => k.armoredPublicKey);
    const inline = await encryptText("inline secret words", pst);
    const pgpMime = await encryptText("pgp/mime secret words", pst);
    const box = await mailboxWith([
      mail({ From: "inline@example.org", To: SECURITY, Subject: "Encrypted" }, inline),
      mail(
        {
          From: "pgpmime@example.org",
          To: SECURITY,
          Subject: "...",
          "MIME-Version": "1.0",
          "Content-Type": 'multipart/encrypted; protocol="application/pgp-encrypted"; boundary="e"',
        },
        [
          "--e",
          "Content-Type: application/pgp-encrypted",
          "",
          "Version: 1",
          "--e",
          'Content-Type: application/octet-stream; name="encrypted.asc"',
          "",
          pgpMime,
          "--e--",
          "",
        ].join("\r\n"),
      ),
    ]);
    expect(await pickUp(await box.open())).toEqual({ reports: 2, replies: 0, skipped: 0, quarantined: 0 });
    await box.close();
    const [a] = await reportsFrom("inline@example.org");
    expect(a?.encryption).toBe("reporter-armored");
    expect(await decryptTextWithKeys(a?.ciphertext ?? "", keys)).toBe("inline secret words");
    const [b] = await reportsFrom("pgpmime@example.org");
    expect(await decryptTextWithKeys(b?.ciphertext ?? "", keys)).toBe("pgp/mime secret words");
  });

  it("leaves staff and team-list mail in place; keeps auto-replies, bounces and unreadable mail aside", async () => {
    const box = await mailboxWith([
      mail({ From: `Pat <${STAFF}>`, To: SECURITY, Subject: "Re: the fix" }, "Looks good to me."),
      mail(
        {
          From: "someone@example.org",
          To: SECURITY,
          Subject: "[security] x",
          "List-Id": "<security.example.test>",
        },
        "Team list traffic.",
      ),
      mail(
        {
          From: "away@example.org",
          To: SECURITY,
          Subject: "Out of office",
          "Auto-Submitted": "auto-replied",
        },
        "I am away.",
      ),
      mail(
        {
          From: "MAILER-DAEMON@mx.example.org",
          To: SECURITY,
          Subject: "Undelivered Mail Returned to Sender",
          "Return-Path": "<>",
          "Content-Type": 'multipart/report; report-type=delivery-status; boundary="r"',
        },
        "--r\r\nContent-Type: text/plain\r\n\r\nGone.\r\n--r--\r\n",
      ),
      "\u0000\u0001 not a message at all",
    ]);
    expect(await pickUp(await box.open())).toEqual({ reports: 0, replies: 0, skipped: 2, quarantined: 3 });
    expect(await box.counts()).toEqual({ inbox: 2, processed: 0, quarantine: 3 });
    // A second round changes nothing: every message is recorded once.
    expect(await pickUp(await box.open())).toEqual({ reports: 0, replies: 0, skipped: 0, quarantined: 0 });
    expect(await box.counts()).toEqual({ inbox: 2, processed: 0, quarantine: 3 });
    await box.close();
    // Nothing automatic is ever answered.
    for (const address of ["away@example.org", "mailer-daemon@mx.example.org", STAFF]) {
      expect(await db.outboxMessage.count({ where: { toAddress: address } })).toBe(0);
    }
    const reasons = await db.mailIntakeMessage.findMany({
      where: { mailbox: `${box.config.user}/INBOX` },
      orderBy: { uid: "asc" },
      select: { outcome: true, reason: true },
    });
    expect(reasons).toEqual([
      { outcome: "skipped", reason: "staff" },
      { outcome: "skipped", reason: "team-list" },
      { outcome: "quarantined", reason: "auto-reply" },
      { outcome: "quarantined", reason: "bounce" },
      { outcome: "quarantined", reason: "unreadable" },
    ]);
  });

  it("keeps a 30 MB message aside without reading it into a report", async () => {
    const big = mail(
      { From: "big@example.org", To: SECURITY, Subject: "Huge", "Content-Type": "text/plain" },
      "x".repeat(30 * 1024 * 1024),
    );
    const box = await mailboxWith([big]);
    const result = await pickUp(await box.open());
    expect(result.reports).toBe(0);
    expect(result.quarantined).toBe(1);
    expect(await box.counts()).toEqual({ inbox: 0, processed: 0, quarantine: 1 });
    await box.close();
  }, 120_000);

  it("bounces mail over the limit unread (the limit, the report form, nothing of it); never automatic mail", async () => {
    const marker = `m${randomBytes(6).toString("hex")}`;
    const person = `huge-${randomBytes(3).toString("hex")}@example.org`;
    const robot = `robot-${randomBytes(3).toString("hex")}@example.org`;
    const body = "x".repeat(MAIL_MAX_BYTES + 64 * 1024);
    const messageId = `<${randomBytes(6).toString("hex")}@example.org>`;
    const box = await mailboxWith([
      mail(
        {
          From: person,
          To: SECURITY,
          Subject: `Huge ${marker}`,
          "Message-ID": messageId,
          "Content-Type": "text/plain",
        },
        body,
      ),
      mail(
        {
          From: robot,
          To: SECURITY,
          Subject: `Huge notice ${marker}`,
          "Auto-Submitted": "auto-generated",
          "Content-Type": "text/plain",
        },
        body,
      ),
    ]);
    expect(await pickUp(await box.open())).toMatchObject({ reports: 0, skipped: 0, quarantined: 2 });
    // Kept aside for the PST, never dropped.
    expect(await box.counts()).toEqual({ inbox: 0, processed: 0, quarantine: 2 });
    const reasons = await db.mailIntakeMessage.findMany({
      where: { mailbox: `${box.config.user}/INBOX` },
      orderBy: { uid: "asc" },
      select: { outcome: true, reason: true, movedAt: true },
    });
    expect(reasons).toEqual([
      { outcome: "quarantined", reason: "too-large", movedAt: expect.any(Date) },
      { outcome: "quarantined", reason: "auto-reply", movedAt: expect.any(Date) },
    ]);
    // One bounce, to the person: automatic, answering the message, saying the limit and the other way to send.
    const [bounce, ...more] = await db.outboxMessage.findMany({ where: { toAddress: person } });
    expect(more).toEqual([]);
    expect(bounce?.subject).toBe(INTAKE_BOUNCE_SUBJECT);
    expect(bounce?.headers).toMatchObject({
      "Auto-Submitted": "auto-replied",
      "X-Loop": SECURITY,
      "In-Reply-To": messageId,
    });
    expect(bounce?.textBody).toContain("a message may be at most 40 MB");
    expect(bounce?.textBody).toContain(new URL("/report", apiEnv().PORTAL_URL).toString());
    // Never to automatic mail; and nothing of either message (its subject) anywhere, the outbox included.
    expect(await db.outboxMessage.count({ where: { toAddress: robot } })).toBe(0);
    expect(await columnsContaining(db, marker)).toEqual([]);
    // A second round neither bounces again nor moves anything.
    expect(await pickUp(await box.open())).toMatchObject({ reports: 0, quarantined: 0 });
    expect(await db.outboxMessage.count({ where: { toAddress: person } })).toBe(1);
    await box.close();

    // A server that under-states a message's size: downloaded, found too large by the classifier, bounced the same.
    const understated = `understated-${randomBytes(3).toString("hex")}@example.org`;
    const second = await mailboxWith([
      mail({ From: understated, To: SECURITY, Subject: "Huge", "Content-Type": "text/plain" }, body),
    ]);
    const opened = await second.open();
    const lying: SecurityMailbox = {
      ...opened,
      name: opened.name,
      uidValidity: opened.uidValidity,
      waiting: async () => (await opened.waiting()).map((m) => ({ ...m, size: 1_000 })),
    };
    expect(await pickUp(lying)).toMatchObject({ reports: 0, quarantined: 1 });
    expect(await second.counts()).toEqual({ inbox: 0, processed: 0, quarantine: 1 });
    const [again] = await db.outboxMessage.findMany({ where: { toAddress: understated } });
    expect(again?.subject).toBe(INTAKE_BOUNCE_SUBJECT);
    expect(again?.textBody).toContain("a message may be at most 40 MB");
    await second.close();
  }, 240_000);

  it("finishes a message whose report was committed before the move: one report, then moved", async () => {
    const box = await mailboxWith([
      mail({ From: "crash@example.org", To: SECURITY, Subject: "Once" }, "Only once."),
    ]);
    // The worker dies between the commit and the move: the mailbox refuses the move this once.
    const mailbox = await box.open();
    const failingMove: SecurityMailbox = {
      ...mailbox,
      name: mailbox.name,
      uidValidity: mailbox.uidValidity,
      waiting: () => mailbox.waiting(),
      source: (uid) => mailbox.source(uid),
      moveTo: async () => {
        throw new Error("connection lost");
      },
      close: () => mailbox.close(),
    };
    await expect(pickUp(failingMove)).rejects.toThrow("connection lost");
    expect(await box.counts()).toEqual({ inbox: 1, processed: 0, quarantine: 0 });
    expect(await pickUp(await box.open())).toEqual({ reports: 0, replies: 0, skipped: 0, quarantined: 0 });
    expect(await box.counts()).toEqual({ inbox: 0, processed: 1, quarantine: 0 });
    expect(await reportsFrom("crash@example.org")).toHaveLength(1);
    await box.close();
  });

  it("runs as the worker's task: picks up, keeps its state for the settings page, and records a failure's words", async () => {
    const box = await mailboxWith([
      mail({ From: "task@example.org", To: SECURITY, Subject: "By the worker" }, "Hi."),
    ]);
    const url = `${dovecot.urlOf(box.config.user)}?list-id=security.example.test`;
    await createMailIntakeTask({ db, imapUrl: url, mailFrom: "Disclose <security@example.test>" })();
    expect(await reportsFrom("task@example.org")).toHaveLength(1);
    const ok = await db.mailIntakeStatus.findUniqueOrThrow({ where: { id: 1 } });
    expect(ok).toMatchObject({ lastPickupAt: expect.any(Date), lastError: null });
    const wrong = url.replace(":test-password@", ":wrong-password@");
    await createMailIntakeTask({ db, imapUrl: wrong, mailFrom: "Disclose <security@example.test>" })();
    const failed = await db.mailIntakeStatus.findUniqueOrThrow({ where: { id: 1 } });
    expect(failed.lastError).toBeTruthy();
    expect(failed.lastError).not.toContain("wrong-password");
    await box.close();
  });

  it("keeps a flood from one sender aside past its limit, and answers only the first few", async () => {
    const flood = Array.from({ length: 12 }, (_, i) =>
      mail({ From: "flood@example.org", To: SECURITY, Subject: `Flood ${i}` }, `Message ${i}.`),
    );
    const box = await mailboxWith(flood);
    expect(await pickUp(await box.open())).toEqual({ reports: 10, replies: 0, skipped: 0, quarantined: 2 });
    expect(await db.outboxMessage.count({ where: { toAddress: "flood@example.org" } })).toBe(5);
    await box.close();
  });

  describe("mail encrypted to a key no one here holds", () => {
    const TOLD = "A report by email no one here can read yet";

    /** Picks up one inline-PGP mail from `from`; the report it made, the PST's notices and the audit event. */
    async function pickUpEncrypted(from: string, armored: string) {
      const box = await mailboxWith([mail({ From: from, To: SECURITY, Subject: "Encrypted" }, armored)]);
      expect(await pickUp(await box.open())).toMatchObject({ reports: 1, skipped: 0, quarantined: 0 });
      // Kept as a report: Processed, not Quarantine.
      expect(await box.counts()).toEqual({ inbox: 0, processed: 1, quarantine: 0 });
      await box.close();
      const [report, ...others] = await reportsFrom(from);
      expect(others).toEqual([]);
      const id = report?.id ?? "";
      const notices = await db.outboxMessage.findMany({
        where: { subject: `${TOLD} (report ${id.slice(0, 8)})` },
        orderBy: { toAddress: "asc" },
      });
      const [event] = await db.auditEvent.findMany({
        where: { subjectId: id, action: "report.unheld_keys_flagged" },
      });
      return { report, notices, event };
    }

    const pstAddresses = async () =>
      (
        await db.user.findMany({
          where: { active: true, roles: { some: { role: "PST_MEMBER" } } },
          select: { email: true },
          orderBy: { email: "asc" },
        })
      ).map((u) => u.email);

    it("mail to a retired key: a report flagged with that key's fingerprint, the PST told whose key it was", async () => {
      const owner = await db.user.findUniqueOrThrow({ where: { email: "pst2@demo.disclose.test" } });
      const old = await generateTestKey({ name: "Old key", passphrase: "old passphrase" });
      await db.pgpKey.create({
        data: {
          userId: owner.id,
          fingerprint: old.fingerprint,
          armoredPublicKey: old.publicKey,
          lockedPrivateKey: old.lockedPrivateKey,
          retiredAt: new Date("2026-06-01T08:00:00Z"),
        },
      });
      const from = `retired-${randomBytes(3).toString("hex")}@example.org`;
      const { report, notices, event } = await pickUpEncrypted(
        from,
        await encryptText("words for an old key", [old.publicKey]),
      );
      expect(report).toMatchObject({ encryption: "reporter-armored", unheldKeys: [old.fingerprint] });
      // Its packets are kept as they came: the old key's owner can still decrypt it.
      const oldKey = await unlockPrivateKey(old.lockedPrivateKey, "old passphrase");
      expect(await decryptTextWithKeys(report?.ciphertext ?? "", [oldKey])).toBe("words for an old key");
      expect(notices.map((n) => n.toAddress)).toEqual(await pstAddresses());
      const text = notices[0]?.textBody ?? "";
      expect(text).toContain(`retired key ${old.fingerprint} of ${owner.name}, retired 2026-06-01 08:00 UTC`);
      expect(text).toMatch(/owner to open the report here/);
      // Nothing of the mail: not its sender, not its text.
      expect(text).not.toContain(from);
      expect(text).not.toContain("words for an old key");
      expect(event?.data).toMatchObject({ keys: [old.fingerprint] });
      // The PST sees why it cannot be read, and can still triage it unread.
      const pst = await sessionFor(db, STAFF, { now: new Date() });
      const api = await adminCallerAs(db, pst, { now: new Date() });
      const served = await api.cases.get({ reportId: report?.id ?? "" });
      expect(served.ciphertext).toBeNull();
      expect(served.unheldKeys).toEqual([
        {
          kind: "person",
          fingerprint: old.fingerprint,
          ownerName: owner.name,
          retiredAt: new Date("2026-06-01T08:00:00Z"),
        },
      ]);
      // The key's owner holds its locked private half here: the report is served to them, for their key alone.
      const owners = await db.keyPacket.findMany({ where: { reportId: report?.id ?? "" } });
      expect(owners.map((p) => [p.userId, p.fingerprint])).toEqual([[owner.id, old.fingerprint]]);
      const ownerView = await (
        await adminCallerAs(db, await sessionFor(db, owner.email, { now: new Date() }), { now: new Date() })
      ).cases.get({ reportId: report?.id ?? "" });
      expect(await decryptTextWithKeys(ownerView.ciphertext ?? "", [oldKey])).toBe("words for an old key");
      const inbox = await api.cases.inbox({ search: report?.id ?? "" });
      expect(inbox.rows.map((r) => [r.id, r.unreadable])).toEqual([[report?.id, true]]);
      expect(
        (await api.cases.decide({ reportId: report?.id ?? "", command: { type: "mark-spam" } })).state,
      ).toBe("spam");
    });

    it("mail to an unknown key: a report flagged with the key ID the message names", async () => {
      const stranger = await generateTestKey({ name: "Stranger", passphrase: "stranger's passphrase" });
      const [keyId] = await encryptionKeyIdsOfKey(stranger.publicKey);
      const from = `unknown-${randomBytes(3).toString("hex")}@example.org`;
      const { report, notices, event } = await pickUpEncrypted(
        from,
        await encryptText("not for us", [stranger.publicKey]),
      );
      expect(keyId).toMatch(/^[0-9A-F]{16}$/);
      expect(report?.unheldKeys).toEqual([keyId]);
      expect(notices.map((n) => n.toAddress)).toEqual(await pstAddresses());
      expect(notices[0]?.textBody).toContain(`an unknown key ${keyId}`);
      expect(notices[0]?.textBody).toMatch(/import it on the Keys page as a team key/);
      expect(event?.data).toMatchObject({ keys: [keyId] });
      const pst = await sessionFor(db, STAFF, { now: new Date() });
      const api = await adminCallerAs(db, pst, { now: new Date() });
      const served = await api.cases.get({ reportId: report?.id ?? "" });
      expect(served.unheldKeys).toEqual([{ kind: "unknown", keyId }]);
      // Nobody holds it, so nobody waits for a grant of it (no "awaiting your key" that no one could end).
      expect((await api.grants.pending()).pending.map((p) => p.reportId)).not.toContain(report?.id);
    });

    it("mail readable by a current PST key is not flagged, even when it also names a stranger's key", async () => {
      const stranger = await generateTestKey({ name: "Stranger", passphrase: "stranger's passphrase" });
      const pst = (await listPstKeys({ db, now: new Date() })).map((k) => k.armoredPublicKey);
      const from = `mixed-${randomBytes(3).toString("hex")}@example.org`;
      const { report, notices } = await pickUpEncrypted(
        from,
        await encryptText("for us too", [...pst, stranger.publicKey]),
      );
      expect(report?.unheldKeys ?? []).toEqual([]);
      expect(notices).toEqual([]);
      expect(await decryptTextWithKeys(report?.ciphertext ?? "", keys)).toBe("for us too");
    });

    it("mail to the project's team key: a report the PST opens with it, not flagged", async () => {
      const team = await generateTestKey({ name: "security@example.test", passphrase: "old passphrase" });
      const unlocked = await unlockTeamSecretKey({
        armoredSecretKey: team.lockedPrivateKey,
        passphrase: "old passphrase",
        now: new Date(),
      });
      if (!unlocked.ok) throw new Error(unlocked.reason);
      const pst = await sessionFor(db, STAFF, { now: new Date() });
      const api = await adminCallerAs(db, pst, { now: new Date() });
      // The importing member's browser: the private half only as a message to the PST's keys.
      await api.teamKeys.import({
        label: SECURITY,
        publicKey: unlocked.publicKey,
        privateKeyMessage: await encryptText(
          unlocked.unlockedPrivateKey,
          (await listPstKeys({ db, now: new Date() })).map((k) => k.armoredPublicKey),
        ),
      });
      const from = `team-${randomBytes(3).toString("hex")}@example.org`;
      const { report, notices } = await pickUpEncrypted(
        from,
        await encryptText("to the address we always had", [team.publicKey]),
      );
      expect(report?.unheldKeys ?? []).toEqual([]);
      expect(notices).toEqual([]);
      const work = await api.teamKeys.reportWork({ reportId: report?.id ?? "" });
      expect(work.items.map((i) => [i.kind, i.teamKeyFingerprint])).toEqual([["report", team.fingerprint]]);
    });
  });
});
