// The conversation by mail (issue 17): a reporter's key from their mail, reply addresses, answers joining the
// thread, and the team's replies going out encrypted to that key, or in clear only when a member confirmed so.
import { randomBytes } from "node:crypto";
import {
  decryptBytesWithKeys,
  decryptTextWithKeys,
  encryptText,
  readPublicKey,
  unlockPrivateKey,
} from "@disclose/crypto";
import type { Db } from "@disclose/db";
import { getDemoPrivateKeys, seedDemo } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import type { TIntakePolicy } from "@disclose/domain";
import { installJobQueue, startTestDovecot, type TestDovecot } from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminCallerAs } from "./test-support/admin-caller";
import { generateTestKey } from "./test-support/keys";
import { columnsContaining } from "./test-support/marker-scan";
import { testMail, testMailboxWith } from "./test-support/security-mailbox";
import { sessionFor } from "./test-support/sessions";
import { pickUpMail } from "./use-cases/intake/pick-up-mail";
import { erasePersonalDataOf } from "./use-cases/retention/erase-personal-data";

const SECURITY = "security@example.test";
// The security address the team's mail takes its reply addresses from (the pick-up is given it directly).
process.env.SECURITY_IMAP_URL = "imap://security%40example.test:unused@127.0.0.1:1/INBOX";
const STAFF = "pst1@demo.disclose.test";
const policy: TIntakePolicy = {
  staffAddresses: new Set([STAFF]),
  teamListId: "security.example.test",
  ownAddresses: new Set([SECURITY]),
};

let test: TestDatabase;
let db: Db;
let dovecot: TestDovecot;
let pstKeys: Awaited<ReturnType<typeof unlockPrivateKey>>[];
beforeAll(async () => {
  test = await createTestDatabase();
  db = test.db;
  await installJobQueue(test.url);
  await seedDemo(db);
  pstKeys = await Promise.all(
    (await getDemoPrivateKeys(db)).map((k) => unlockPrivateKey(k.lockedPrivateKey, k.passphrase)),
  );
  dovecot = await startTestDovecot();
}, 120_000);
afterAll(async () => {
  await dovecot?.stop();
  await test?.drop();
});

/** One pick-up round over a fresh mailbox holding these messages (more can be delivered to it later). */
async function mailbox(messages: string[]) {
  const box = await testMailboxWith(dovecot, messages);
  const round = async () => {
    const open = await box.open();
    try {
      return await pickUpMail({ db, mailbox: open, policy, now: () => new Date(), security: SECURITY });
    } finally {
      await open.close();
    }
  };
  return { ...box, round };
}

const sender = (name: string) => `${name}-${randomBytes(3).toString("hex")}@example.org`;

/** A reporter with their own OpenPGP key, as their mail program would send it. */
async function reporterKey() {
  const pair = await generateTestKey({ name: "Rita", passphrase: "rita's passphrase" });
  const binary = (await readPublicKey(pair.publicKey)).write();
  return {
    ...pair,
    privateKey: await unlockPrivateKey(pair.lockedPrivateKey, "rita's passphrase"),
    autocrypt: (addr: string) =>
      `addr=${addr}; prefer-encrypt=mutual; keydata=${Buffer.from(binary)
        .toString("base64")
        .replace(/(.{76})/g, "$1\r\n ")}`,
  };
}

const receiptOf = (reportId: string) =>
  db.outboxMessage.findFirstOrThrow({
    where: { reports: { some: { reportId } }, subject: { contains: "received" } },
  });
const replyToOf = (message: { headers: unknown }) =>
  String((message.headers as Record<string, string> | null)?.["Reply-To"] ?? "");

async function staffApi() {
  const session = await sessionFor(db, STAFF, { now: new Date() });
  return adminCallerAs(db, session, { now: new Date() });
}

/** What a PST member's browser sends: the reply encrypted to everyone on the case and to the reporter's key. */
async function encryptedReply(reportId: string, text: string) {
  const api = await staffApi();
  const report = await api.cases.get({ reportId });
  const ciphertext = await encryptText(text, [
    report.recipients.reporter.armoredPublicKey,
    ...report.recipients.staff.map((k) => k.armoredPublicKey),
  ]);
  return { api, report, ciphertext };
}

describe("the conversation with a reporter by mail", () => {
  it("takes the reporter's Autocrypt key, gives a reply address, and an answer to it joins the thread encrypted", async () => {
    const from = sender("rita");
    const key = await reporterKey();
    const box = await mailbox([
      testMail(
        { From: from, To: SECURITY, Subject: "Crash in forward", Autocrypt: key.autocrypt(from) },
        "The forward plugin crashes.",
      ),
    ]);
    expect(await box.round()).toMatchObject({ reports: 1, replies: 0 });
    const report = await db.report.findFirstOrThrow({ where: { emailFrom: from } });
    expect(report.emailReporterKeyFingerprint).toBe(key.fingerprint);
    expect(report.reporterPublicKey).toContain("BEGIN PGP PUBLIC KEY BLOCK");

    // The receipt's Reply-To is the report's own address; only its token's hash is stored.
    const replyTo = replyToOf(await receiptOf(report.id));
    expect(replyTo).toMatch(/^security\+r-[a-z2-7]{26}@example\.test$/);
    const token = replyTo.slice("security+r-".length, replyTo.indexOf("@"));
    // The token itself is only in the receipt's headers, until it is delivered (then those values are blanked).
    expect(await columnsContaining(db, token)).toEqual(['"public"."outbox_messages"."headers"']);

    // The answer comes from another address of theirs, to the reply address, with a file and a marker.
    const marker = `m${randomBytes(6).toString("hex")}`;
    const boundary = "b-2";
    await box.deliver(
      testMail(
        {
          From: sender("rita-work"),
          To: replyTo,
          Subject: `Re: received ${marker}`,
          "MIME-Version": "1.0",
          "Content-Type": `multipart/mixed; boundary="${boundary}"`,
        },
        [
          `--${boundary}`,
          "Content-Type: text/plain; charset=utf-8",
          "",
          `Here is the packet capture. ${marker}`,
          `--${boundary}`,
          `Content-Type: application/octet-stream; name="capture-${marker}.pcap"`,
          `Content-Disposition: attachment; filename="capture-${marker}.pcap"`,
          "Content-Transfer-Encoding: base64",
          "",
          Buffer.from(`pcap ${marker}`).toString("base64"),
          `--${boundary}--`,
          "",
        ].join("\r\n"),
      ),
    );
    expect(await box.round()).toMatchObject({ reports: 0, replies: 1, quarantined: 0 });
    expect(await box.counts()).toEqual({ inbox: 0, processed: 2, quarantine: 0 });
    await box.close();
    expect(await db.report.count({ where: { emailFrom: { contains: "rita-work" } } })).toBe(0);

    const [message] = await db.reportMessage.findMany({ where: { reportId: report.id } });
    expect(message?.author).toBe("reporter");
    // The thread says it came by mail in clear (and was encrypted here on receipt).
    expect(message?.byEmail).toBe("in clear");
    const text = await decryptTextWithKeys(message?.ciphertext ?? "", pstKeys);
    expect(text).toContain(`Here is the packet capture. ${marker}`);
    expect(text).toContain("1 file attached");
    // The reporter's own key can read their answer too, like a message from the tracking page.
    expect(await decryptTextWithKeys(message?.ciphertext ?? "", [key.privateKey])).toContain(marker);
    const files = await db.reportAttachment.findMany({
      where: { reportId: report.id },
      orderBy: { position: "asc" },
    });
    const file = files.at(-1);
    expect(
      new TextDecoder().decode(await decryptBytesWithKeys(new Uint8Array(file?.ciphertext ?? []), pstKeys)),
    ).toBe(`pcap ${marker}`);
    // Every reader has its key packet (what grants build on), and nothing of the answer is in clear anywhere.
    expect(await db.keyPacket.count({ where: { itemId: message?.id } })).toBeGreaterThan(1);
    expect(await columnsContaining(db, marker)).toEqual([]);
    const [record] = await db.mailIntakeMessage.findMany({
      where: { reportId: report.id, outcome: "reply" },
    });
    expect(record).toBeDefined();
  });

  it("joins by In-Reply-To only from the reporter's own address; a stranger quoting it starts a report", async () => {
    const from = sender("ida");
    const box = await mailbox([testMail({ From: from, To: SECURITY, Subject: "XSS" }, "An XSS in the UI.")]);
    await box.round();
    const report = await db.report.findFirstOrThrow({ where: { emailFrom: from } });
    const receipt = await receiptOf(report.id);
    const ourId = `<outbox.${receipt.id}@demo.disclose.test>`;
    await box.deliver(
      testMail({ From: from, To: SECURITY, Subject: "Re: XSS", "In-Reply-To": ourId }, "More."),
    );
    const stranger = sender("eve");
    await box.deliver(
      testMail(
        { From: stranger, To: SECURITY, Subject: "Re: XSS", "In-Reply-To": ourId, References: ourId },
        "Mine.",
      ),
    );
    expect(await box.round()).toMatchObject({ reports: 1, replies: 1 });
    await box.close();
    expect(await db.reportMessage.count({ where: { reportId: report.id } })).toBe(1);
    expect(await db.report.count({ where: { emailFrom: stranger } })).toBe(1);

    // A decision without a message is told by email too: the state only, with a reply address.
    const api = await staffApi();
    await api.cases.decide({ reportId: report.id, command: { type: "acknowledge" }, extras: {} });
    const notice = await db.outboxMessage.findFirstOrThrow({
      where: { toAddress: from, subject: "Your report to the security team was updated" },
    });
    expect(notice.textBody).toContain("is now: ");
    expect(notice.textBody).not.toContain("XSS");
    expect(replyToOf(notice)).toMatch(/^security\+r-[a-z2-7]{26}@example\.test$/);
  });

  it("refuses hostile reply addresses: a made-up token, a look-alike domain, another tag", async () => {
    const from = sender("mallory");
    const box = await mailbox([
      testMail({ From: from, To: `security+r-${"a".repeat(26)}@example.test` }, "Made-up token."),
      testMail(
        { From: sender("m2"), To: `security+r-${"b".repeat(26)}@example.test.evil.org` },
        "Look-alike.",
      ),
      testMail({ From: sender("m3"), To: "security+x-abc@example.test" }, "Another tag."),
    ]);
    // Each is a new report (never a reply to somebody else's), and none crashes the round.
    expect(await box.round()).toMatchObject({ reports: 3, replies: 0, quarantined: 0 });
    await box.close();
  });

  it("sends the team's reply encrypted to the reporter's key (PGP/MIME), with a fresh reply address", async () => {
    const from = sender("bo");
    const key = await reporterKey();
    // Their key attached to the mail this time (as Thunderbird's "attach my public key" does).
    const box = await mailbox([
      testMail(
        {
          From: from,
          To: SECURITY,
          Subject: "RCE",
          "MIME-Version": "1.0",
          "Content-Type": 'multipart/mixed; boundary="k"',
        },
        [
          "--k",
          "Content-Type: text/plain",
          "",
          "An RCE.",
          "--k",
          'Content-Type: application/pgp-keys; name="OpenPGP_0x1.asc"',
          'Content-Disposition: attachment; filename="OpenPGP_0x1.asc"',
          "",
          key.publicKey.replaceAll("\n", "\r\n"),
          "--k--",
          "",
        ].join("\r\n"),
      ),
    ]);
    await box.round();
    await box.close();
    const report = await db.report.findFirstOrThrow({ where: { emailFrom: from } });
    expect(report.emailReporterKeyFingerprint).toBe(key.fingerprint);
    const { api, ciphertext } = await encryptedReply(report.id, "Thanks, confirmed. A fix is coming.");
    const result = await api.cases.postMessage({ reportId: report.id, ciphertext });
    expect(result.mailedAs).toBe("encrypted");
    const served = await api.cases.get({ reportId: report.id });
    expect(served.messages.find((m) => m.id === result.messageId)?.byEmail).toBe("encrypted");
    const sent = await db.outboxMessage.findFirstOrThrow({
      where: { toAddress: from, subject: { contains: "A message from the security team" } },
    });
    // The reporter's own key opens it, and only their session-key packet was sent (no staff key ids).
    expect(await decryptTextWithKeys(sent.pgpEncrypted ?? "", [key.privateKey])).toBe(
      "Thanks, confirmed. A fix is coming.",
    );
    await expect(decryptTextWithKeys(sent.pgpEncrypted ?? "", pstKeys)).rejects.toThrow();
    expect(sent.textBody).not.toContain("confirmed");
    expect(replyToOf(sent)).toMatch(/^security\+r-[a-z2-7]{26}@example\.test$/);
    expect(replyToOf(sent)).not.toBe(replyToOf(await receiptOf(report.id)));
    const [event] = await db.auditEvent.findMany({
      where: {
        subjectId: report.id,
        action: "report.message_posted",
        data: { path: ["author"], equals: "pst" },
      },
    });
    expect(event?.data).toMatchObject({ byEmail: "encrypted" });
  });

  it("without a key: refuses to send until the member confirms, then sends in clear; after erasure, refuses", async () => {
    const from = sender("cy");
    const box = await mailbox([testMail({ From: from, To: SECURITY, Subject: "DoS" }, "A DoS.")]);
    await box.round();
    await box.close();
    const report = await db.report.findFirstOrThrow({ where: { emailFrom: from } });
    expect(report.emailReporterKeyFingerprint).toBeNull();
    const { api, ciphertext } = await encryptedReply(report.id, "Which version?");
    const before = await db.reportMessage.count({ where: { reportId: report.id } });
    for (const clear of [
      undefined,
      { text: "Which version?", confirmed: false },
      { text: "  ", confirmed: true },
    ]) {
      await expect(
        api.cases.postMessage({ reportId: report.id, ciphertext, ...(clear ? { clear } : {}) }),
      ).rejects.toThrow(/no OpenPGP key/);
    }
    // Nothing stored by a refused send.
    expect(await db.reportMessage.count({ where: { reportId: report.id } })).toBe(before);
    const result = await api.cases.postMessage({
      reportId: report.id,
      ciphertext,
      clear: { text: "Which version?", confirmed: true },
    });
    expect(result.mailedAs).toBe("in clear");
    // The thread marks it for every reader of the case, so no one later assumes it stayed private.
    const thread = (await api.cases.get({ reportId: report.id })).messages;
    expect(thread.find((m) => m.id === result.messageId)?.byEmail).toBe("in clear");
    const sent = await db.outboxMessage.findFirstOrThrow({
      where: { toAddress: from, subject: { contains: "A message from the security team" } },
    });
    expect(sent.pgpEncrypted).toBeNull();
    expect(sent.textBody).toContain("Which version?");

    // A decision's message goes by mail the same way (here: the acknowledgement).
    const asked = await encryptedReply(report.id, "Please send the config.");
    await expect(
      api.cases.decide({
        reportId: report.id,
        command: { type: "acknowledge" },
        extras: { reporterMessage: asked.ciphertext },
      }),
    ).rejects.toThrow(/no OpenPGP key/);
    await api.cases.decide({
      reportId: report.id,
      command: { type: "acknowledge" },
      extras: {
        reporterMessage: asked.ciphertext,
        clearReply: { text: "Please send the config.", confirmed: true },
      },
    });
    expect(
      await db.outboxMessage.count({
        where: { toAddress: from, textBody: { contains: "Please send the config." } },
      }),
    ).toBe(1);

    // Erased personal data: the address and every reply address go; nothing can be sent any more.
    await db.$transaction((tx) =>
      erasePersonalDataOf(tx, {
        reportId: report.id,
        reason: "reporter request",
        includePending: true,
        now: new Date(),
      }),
    );
    const erased = await db.report.findUniqueOrThrow({ where: { id: report.id } });
    expect(erased.emailFrom).toBeNull();
    expect(await db.reportReplyToken.count({ where: { reportId: report.id } })).toBe(0);
    const again = await encryptedReply(report.id, "Hello?");
    await expect(
      api.cases.postMessage({
        reportId: report.id,
        ciphertext: again.ciphertext,
        clear: { text: "Hello?", confirmed: true },
      }),
    ).rejects.toThrow(/erased/);
  });
});
