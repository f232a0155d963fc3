import { randomBytes } from "node:crypto";
import { DEMO_PGP_PASSPHRASE } from "@disclose/db/ops";
import { waitForSinkMessage } from "@disclose/email/sink-client";
import { e2e } from "./stack";
import { acknowledgeAndAccept, inviteAndEnrol, makeKey, signInDemo, unlockKey } from "./support/admin";
import { expect, test } from "./support/test";

const PST1 = "pst1@demo.disclose.test";
const ENGINEER_PASSPHRASE = "engineer's long passphrase";

test("a PST member writes in the team discussion and mentions an engineer, who reads it; the reporter never sees it", async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000);
  const tag = randomBytes(4).toString("hex");
  const reporter = await (await browser.newContext()).newPage();
  await reporter.goto(`${e2e.portalUrl}/report`);
  await reporter.getByLabel(/^Title/).fill(`Team thread ${tag}`);
  await reporter.getByLabel(/^Affected component/).fill("plugin/cache");
  await reporter.getByLabel(/^Affected versions/).fill("1.12.0");
  await reporter.getByLabel(/^Description/).fill("Cache poisoning.");
  await reporter.getByLabel(/^Steps to reproduce/).fill("Send two answers.");
  await reporter.getByLabel(/^Impact/).fill("Spoofed answers.");
  await reporter.getByLabel(/^Name or handle to credit/).fill("Grace");
  await reporter.getByRole("button", { name: "Encrypt and send report" }).click();
  const trackingLink = await reporter.getByLabel("Your private tracking link").inputValue();
  const reportId = new URL(trackingLink).pathname.split("/").pop()?.split(".")[0] ?? "";
  const reportUrl = `${e2e.adminUrl}/reports/${reportId}`;

  // An engineer with a key of their own.
  const adminPage = await (await browser.newContext()).newPage();
  await signInDemo(adminPage, "admin@demo.disclose.test");
  const engineer = await (await browser.newContext()).newPage();
  const engineerEmail = `team-${tag}@example.test`;
  const engineerName = `Tess Team ${tag}`;
  await inviteAndEnrol(adminPage, engineer, { email: engineerEmail, name: engineerName });
  await makeKey(engineer, ENGINEER_PASSPHRASE);

  // The PST member accepts the case, leads it and adds the engineer to the Fix Team.
  await signInDemo(page, PST1);
  await page.goto(reportUrl);
  await unlockKey(page, DEMO_PGP_PASSPHRASE);
  await expect(page.getByTestId("report-title")).toHaveText(`Team thread ${tag}`);
  await acknowledgeAndAccept(page);
  if ((await page.getByTestId("fix-lead").textContent()) !== "Demo PST Member 1") {
    await page.getByText("Reassign the Fix Lead").click();
    await page.getByLabel("New Fix Lead").selectOption({ label: "Demo PST Member 1" });
    await page.getByLabel(/^Why/).fill("Takes this one for the end-to-end test");
    await page.getByRole("button", { name: "Reassign" }).click();
    await expect(page.getByTestId("fix-lead")).toHaveText("Demo PST Member 1");
  }
  await page.getByLabel("Add to the Fix Team").selectOption({ label: engineerName });
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByTestId("fix-team")).toContainText(engineerName);

  // The discussion is empty; a message with a mention is encrypted here and sent.
  await page.reload();
  const discussion = page.getByRole("region", { name: /Team discussion/ });
  await expect(discussion.getByText("No messages yet.")).toBeVisible();
  const secret = `The bug is in the cache key (${tag}).`;
  const since = new Date().toISOString();
  await discussion.getByLabel(/^Write to the team/).fill(secret);
  await discussion.getByRole("checkbox", { name: `@${engineerName}` }).check();
  await discussion.getByRole("button", { name: "Send to the team" }).click();
  await expect(discussion.getByTestId("team-message").filter({ hasText: secret })).toBeVisible();

  // The mention arrives by email without the message.
  const mail = await waitForSinkMessage({
    baseUrl: e2e.sinkUrl,
    match: (m) => m.to.includes(engineerEmail) && /mentioned you/.test(m.subject) && m.receivedAt >= since,
    timeoutMs: 30_000,
  });
  expect(mail.subject).toBe(
    `Demo PST Member 1 mentioned you in the team discussion of report ${reportId.slice(0, 8)}`,
  );
  expect(mail.text).not.toContain(tag);
  expect(mail.text).toContain(`/reports/${reportId}#team-discussion`);

  // The engineer reads it, decrypted in their browser, and answers.
  await engineer.goto(reportUrl);
  await unlockKey(engineer, ENGINEER_PASSPHRASE);
  const theirs = engineer.getByRole("region", { name: /Team discussion/ });
  await expect(theirs.getByTestId("team-message").filter({ hasText: secret })).toBeVisible();
  await expect(theirs).toContainText("Demo PST Member 1");
  await expect(theirs).toContainText("UTC");
  for (const width of [1280, 390]) {
    await engineer.setViewportSize({ width, height: 900 });
    await theirs.screenshot({ path: test.info().outputPath(`team-discussion-${width}.png`) });
  }

  // The reporter's tracking page shows nothing of it.
  await reporter.goto(trackingLink);
  await expect(reporter.getByText(`Team thread ${tag}`).first()).toBeVisible();
  await expect(reporter.getByText(secret)).toHaveCount(0);
});
