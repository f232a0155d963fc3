import { randomBytes } from "node:crypto";
import { encryptText } from "@disclose/crypto";
import { createDb } from "@disclose/db";
import { DEMO_PGP_PASSPHRASE } from "@disclose/db/ops";
import { deliverToMailbox } from "@disclose/email";
import { waitForSinkMessage } from "@disclose/email/sink-client";
import { e2e } from "./stack";
import { signInDemo, unlockKey } from "./support/admin";
import { gpgTeamKey } from "./support/gpg";
import { expect, test } from "./support/test";

const imapUrl = `imap://${e2e.imap.user}:${e2e.imap.password}@127.0.0.1:${e2e.imap.port}/INBOX`;

test("the project's long-published GnuPG key, imported as a team key, opens mail reporters encrypted to it", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const tag = randomBytes(4).toString("hex");
  const project = gpgTeamKey(`security-${tag}@example.org`);

  // A PST member imports it in the browser: the secret key never reaches the server unencrypted.
  await signInDemo(page, "pst1@demo.disclose.test");
  await page.goto(`${e2e.adminUrl}/keys`);
  await page.getByRole("button", { name: "Import the project's key as a team key" }).click();
  await page.getByLabel(/^Name/).fill(`security@ before Disclose ${tag}`);
  await page.getByLabel(/^Secret key/).fill(project.privateKey);
  await page.getByRole("button", { name: "Import as a team key" }).click();
  await expect(page.getByText(`security@ before Disclose ${tag}`)).toBeVisible();

  // A reporter encrypts to the key the project published years ago.
  const reporter = `old-habits-${tag}@example.org`;
  const secret = `The resolver trusts glue from any zone (${tag}).`;
  await deliverToMailbox(imapUrl, [
    [
      `From: ${reporter}`,
      `To: ${e2e.imap.address}`,
      "Subject: Encrypted report",
      `Message-ID: <${tag}@example.org>`,
      "",
      await encryptText(secret, [project.publicKey]),
      "",
    ].join("\r\n"),
  ]);
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

  // Opening it takes one click: the browser opens the team key with the member's own key, then the report.
  await page.goto(`${e2e.adminUrl}/reports/${reportId}`);
  await unlockKey(page, DEMO_PGP_PASSPHRASE);
  await page.getByRole("button", { name: "Open with the team key" }).click();
  await expect(page.getByTestId("report-text")).toContainText(secret, { timeout: 30_000 });

  // The reporter answers the receipt, again encrypted to the old key only: the same button opens the reply.
  const receipt = await waitForSinkMessage({
    baseUrl: e2e.sinkUrl,
    match: (m) => m.to.includes(reporter),
    timeoutMs: 30_000,
  });
  const more = `It also trusts glue for the root (${tag}).`;
  await deliverToMailbox(imapUrl, [
    [
      `From: ${reporter}`,
      `To: ${receipt.replyTo?.[0] ?? ""}`,
      `Subject: Re: ${receipt.subject}`,
      `Message-ID: <${tag}-2@example.org>`,
      "",
      await encryptText(more, [project.publicKey]),
      "",
    ].join("\r\n"),
  ]);
  const opener = page.getByTestId("team-key-opener");
  await expect(async () => {
    await page.reload();
    await expect(opener.or(page.getByLabel(/^Key passphrase/))).toBeVisible();
    if (await page.getByLabel(/^Key passphrase/).isVisible()) await unlockKey(page, DEMO_PGP_PASSPHRASE);
    await expect(opener).toContainText("A reply from the reporter is encrypted", { timeout: 3_000 });
  }).toPass({ timeout: 60_000 });
  await opener.getByRole("button", { name: "Open with the team key" }).click();
  const thread = page.getByRole("region", { name: /Messages with the reporter/ });
  const reply = thread.getByRole("listitem").filter({ hasText: more });
  await expect(reply).toBeVisible({ timeout: 30_000 });
  await expect(reply).toContainText("emailed encrypted");
  await expect(opener).toBeHidden();
});
