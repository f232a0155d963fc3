import { randomBytes } from "node:crypto";
import { decryptTextWithKeys, generateLockedKey, unlockPrivateKey } from "@disclose/crypto";
import { createDb } from "@disclose/db";
import { DEMO_PGP_PASSPHRASE } from "@disclose/db/ops";
import { deliverToMailbox } from "@disclose/email";
import { waitForSinkMessage } from "@disclose/email/sink-client";
import { e2e } from "./stack";
import { signInDemo, unlockKey } from "./support/admin";
import { expect, test } from "./support/test";

const PST1 = "pst1@demo.disclose.test";
const imapUrl = `imap://${e2e.imap.user}:${e2e.imap.password}@127.0.0.1:${e2e.imap.port}/INBOX`;

/** A raw mail as a reporter's mail program sends it: text, and their public key attached. */
function reporterMail(o: {
  from: string;
  to: string;
  subject: string;
  text: string;
  publicKey?: string;
}): string {
  const headers = [
    `From: Rita Reporter <${o.from}>`,
    `To: ${o.to}`,
    `Subject: ${o.subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${randomBytes(8).toString("hex")}@example.org>`,
    "MIME-Version: 1.0",
  ];
  if (!o.publicKey)
    return [...headers, "Content-Type: text/plain; charset=utf-8", "", o.text, ""].join("\r\n");
  return [
    ...headers,
    'Content-Type: multipart/mixed; boundary="b"',
    "",
    "--b",
    "Content-Type: text/plain; charset=utf-8",
    "",
    o.text,
    "--b",
    'Content-Type: application/pgp-keys; name="OpenPGP_key.asc"',
    'Content-Disposition: attachment; filename="OpenPGP_key.asc"',
    "",
    o.publicKey.replaceAll("\n", "\r\n"),
    "--b--",
    "",
  ].join("\r\n");
}

test("a mail to the security address becomes a report; the PST reads and answers it; the answer reaches the reporter encrypted to their key, and their reply joins the thread", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const tag = randomBytes(4).toString("hex");
  const reporter = `rita-${tag}@example.org`;
  const passphrase = "rita's own passphrase";
  const key = await generateLockedKey({ name: "Rita", email: reporter, passphrase });
  const subject = `Cache poisoning by mail ${tag}`;
  await deliverToMailbox(imapUrl, [
    reporterMail({
      from: reporter,
      to: e2e.imap.address,
      subject,
      text: `Two answers for one query poison the cache (${tag}).`,
      publicKey: key.publicKey,
    }),
  ]);

  // The worker picks it up (IMAP IDLE: within seconds) and the report is in the inbox.
  const db = createDb(e2e.databaseUrl);
  let reportId = "";
  try {
    await expect
      .poll(
        async () => {
          reportId = (await db.report.findFirst({ where: { emailFrom: reporter } }))?.id ?? "";
          return reportId;
        },
        { timeout: 60_000, intervals: [500] },
      )
      .not.toBe("");
  } finally {
    await db.$disconnect();
  }
  await signInDemo(page, PST1);
  await page.goto(`${e2e.adminUrl}/inbox`);
  await page.getByRole("link", { name: reportId.slice(0, 8) }).click();
  await expect(page.getByText(`by email from ${reporter}`)).toBeVisible();
  await unlockKey(page, DEMO_PGP_PASSPHRASE);
  await expect(
    page.getByRole("heading", { name: "Report (the reporter's mail, encrypted on receipt)" }),
  ).toBeVisible();
  await expect(page.getByTestId("report-text")).toContainText(`Subject: ${subject}`);
  await expect(page.getByTestId("report-text")).toContainText(
    `Two answers for one query poison the cache (${tag}).`,
  );

  // The answer: encrypted in this browser to the reporter's key from their mail, and sent by email.
  const thread = page.getByRole("region", { name: /Messages with the reporter/ });
  await expect(thread.getByText(key.fingerprint)).toBeVisible();
  const answer = `Thanks Rita, we can reproduce it (${tag}).`;
  const since = new Date().toISOString();
  await thread.getByLabel(/^Reply to the reporter/).fill(answer);
  await thread.getByRole("button", { name: "Send encrypted reply" }).click();
  await expect(thread.getByText(`Sent by email to ${reporter}, encrypted to their key.`)).toBeVisible();

  const mail = await waitForSinkMessage({
    baseUrl: e2e.sinkUrl,
    match: (m) => m.to.includes(reporter) && m.receivedAt >= since,
    timeoutMs: 30_000,
  });
  expect(mail.subject).not.toContain(tag);
  expect(mail.text ?? "").not.toContain(tag);
  const own = await unlockPrivateKey(key.lockedPrivateKey, passphrase);
  expect(await decryptTextWithKeys(mail.encrypted ?? "", [own])).toBe(answer);

  // The reporter answers to the reply address the mail carried; the answer joins the thread, decrypted here.
  const replyTo = mail.replyTo?.[0] ?? "";
  expect(replyTo).toMatch(/^security\+r-[a-z2-7]+@disclose\.localhost$/);
  await deliverToMailbox(imapUrl, [
    reporterMail({
      from: reporter,
      to: replyTo,
      subject: `Re: ${mail.subject}`,
      text: `Great, thanks (${tag}).`,
    }),
  ]);
  const passphraseField = page.getByLabel(/^Key passphrase/);
  await expect(async () => {
    await page.reload();
    // The tab may keep its key unlocked across a reload, or ask again.
    await expect(thread.getByTestId("thread-message").first().or(passphraseField)).toBeVisible();
    if (await passphraseField.isVisible()) await unlockKey(page, DEMO_PGP_PASSPHRASE);
    await expect(
      thread.getByTestId("thread-message").filter({ hasText: `Great, thanks (${tag}).` }),
    ).toBeVisible({
      timeout: 3_000,
    });
  }).toPass({ timeout: 60_000 });
  // Each message says how it crossed the net: the team's answer encrypted, the reporter's plain reply not.
  const answered = thread.getByRole("listitem").filter({ hasText: answer });
  await expect(answered).toContainText("emailed encrypted to their key");
  const replied = thread.getByRole("listitem").filter({ hasText: `Great, thanks (${tag}).` });
  await expect(replied).toContainText("emailed unencrypted (encrypted on receipt)");
});
