import { randomBytes } from "node:crypto";
import { createDb } from "@disclose/db";
import { DEMO_PGP_PASSPHRASE } from "@disclose/db/ops";
import type { Page } from "@playwright/test";
import { e2e } from "./stack";
import { acknowledgeAndAccept, inviteAndEnrol, makeKey, signInDemo, unlockKey } from "./support/admin";
import { gpgDecrypt } from "./support/gpg";
import { expect, test } from "./support/test";

const PST1 = "pst1@demo.disclose.test";
const ENGINEER_PASSPHRASE = "engineer's long passphrase";
const NEW_PST_PASSPHRASE = "new member's long passphrase";

/** A report with an attachment, sent from the portal in its own browser; returns its tracking link and id. */
async function submitReport(reporter: Page, tag: string, attachment: Buffer) {
  await reporter.goto(`${e2e.portalUrl}/report`);
  await reporter.getByLabel(/^Title/).fill(`Resolver crash ${tag}`);
  await reporter.getByLabel(/^Affected component/).fill("plugin/forward");
  await reporter.getByLabel(/^Affected versions/).fill("1.12.0");
  await reporter.getByLabel(/^Description/).fill("A crafted answer crashes the forwarder.");
  await reporter.getByLabel(/^Steps to reproduce/).fill("Run the attached script.");
  await reporter.getByLabel(/^Impact/).fill("Denial of service.");
  await reporter.getByLabel(/^Name or handle to credit/).fill("Grace");
  await reporter.getByLabel(/^Attachments/).setInputFiles({
    name: "poc.py",
    mimeType: "text/x-python",
    buffer: attachment,
  });
  await reporter.getByRole("button", { name: "Encrypt and send report" }).click();
  const trackingLink = await reporter.getByLabel("Your private tracking link").inputValue();
  return { trackingLink, reportId: new URL(trackingLink).pathname.split("/").pop()?.split(".")[0] ?? "" };
}

/** The item as the admin API serves it to the page's account (superjson over tRPC GET). */
async function servedReport(page: Page, reportId: string) {
  const input = encodeURIComponent(JSON.stringify({ json: { reportId } }));
  const response = await page.request.get(`${e2e.adminUrl}/api/trpc/cases.get?input=${input}`);
  return {
    status: response.status(),
    body: (await response.json()) as {
      result?: { data: { json: { ciphertext: string | null; attachments: { id: string }[] } } };
    },
  };
}

test("a case is granted to an engineer who joins later and to a new PST member; removal ends it", async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000);
  const tag = randomBytes(4).toString("hex");
  const attachment = Buffer.from(`print("crash ${tag}")\n`);
  const reporter = await (await browser.newContext()).newPage();
  const { trackingLink, reportId } = await submitReport(reporter, tag, attachment);
  const reportUrl = `${e2e.adminUrl}/reports/${reportId}`;

  // An admin invites an engineer, who signs in and enrols a second factor, but has no key yet.
  const adminPage = await (await browser.newContext()).newPage();
  await signInDemo(adminPage, "admin@demo.disclose.test");
  const engineer = await (await browser.newContext()).newPage();
  const engineerEmail = `engineer-${tag}@example.test`;
  await inviteAndEnrol(adminPage, engineer, { email: engineerEmail, name: `Eve Engineer ${tag}` });

  // A PST member unlocks once, triages, leads the case and adds the engineer: a pending grant shows.
  await signInDemo(page, PST1);
  await page.goto(reportUrl);
  await unlockKey(page, DEMO_PGP_PASSPHRASE);
  await expect(page.getByTestId("report-title")).toHaveText(`Resolver crash ${tag}`);
  const reply = `Thanks Grace, looking into it (${tag}).`;
  await acknowledgeAndAccept(page, reply);
  if ((await page.getByTestId("fix-lead").innerText()) !== "Demo PST Member 1") {
    await page.getByText("Reassign the Fix Lead").click();
    await page.getByLabel("New Fix Lead").selectOption({ label: "Demo PST Member 1" });
    await page.getByLabel(/^Why/).fill("Takes this one for the end-to-end test");
    await page.getByRole("button", { name: "Reassign" }).click();
    await expect(page.getByTestId("fix-lead")).toHaveText("Demo PST Member 1");
  }
  await page.getByLabel("Add to the Fix Team").selectOption({ label: `Eve Engineer ${tag}` });
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByTestId("fix-team")).toContainText(`Eve Engineer ${tag}`);
  await expect(page.getByTestId("case-access")).toContainText(`waiting for Eve Engineer ${tag}'s key`);
  await page.goto(`${e2e.adminUrl}/grants`);
  await expect(page.getByTestId("pending-grant").filter({ hasText: `Eve Engineer ${tag}` })).toContainText(
    "key",
  );

  // The engineer makes a key; the PST member's browser, opening a page with the key still unlocked,
  // completes the grant in the background.
  await makeKey(engineer, ENGINEER_PASSPHRASE);
  await page.goto(reportUrl);
  await expect(page.getByTestId("grant-progress")).toContainText("Access granted");
  await expect(
    page
      .getByTestId("case-access")
      .getByRole("listitem")
      .filter({ hasText: `Eve Engineer ${tag}` }),
  ).toContainText("can read it");

  // The engineer reads the report, the team's message and the attachment, decrypted in their browser.
  await engineer.goto(reportUrl);
  await unlockKey(engineer, ENGINEER_PASSPHRASE);
  await expect(engineer.getByTestId("report-title")).toHaveText(`Resolver crash ${tag}`);
  await expect(engineer.getByTestId("thread-message").filter({ hasText: reply })).toBeVisible();
  const download = engineer.waitForEvent("download");
  await engineer.getByRole("button", { name: "poc.py" }).click();
  const file = await download;
  expect(await streamText(await file.createReadStream())).toBe(attachment.toString());

  // What the engineer downloads is standard OpenPGP: GnuPG decrypts it with their key.
  const db = createDb(e2e.databaseUrl);
  try {
    const key = await db.pgpKey.findFirstOrThrow({
      where: { user: { email: engineerEmail }, retiredAt: null },
    });
    const served = await servedReport(engineer, reportId);
    const ciphertext = served.body.result?.data.json.ciphertext ?? "";
    expect(
      JSON.parse(
        gpgDecrypt({
          message: ciphertext,
          privateKey: key.lockedPrivateKey,
          passphrase: ENGINEER_PASSPHRASE,
        }).toString("utf8"),
      ).title,
    ).toBe(`Resolver crash ${tag}`);
    const attachmentId = served.body.result?.data.json.attachments[0]?.id ?? "";
    const encryptedFile = await (
      await engineer.request.get(`${e2e.adminUrl}/api/attachments/${attachmentId}`)
    ).body();
    expect(
      gpgDecrypt({
        message: encryptedFile,
        privateKey: key.lockedPrivateKey,
        passphrase: ENGINEER_PASSPHRASE,
      }).toString(),
    ).toBe(attachment.toString());

    // The reporter answers after the grant: the engineer reads it at once.
    const answer = `More detail from Grace (${tag}).`;
    await reporter.goto(trackingLink);
    await reporter.getByLabel("Write to the security team").fill(answer);
    await reporter.getByRole("button", { name: "Encrypt and send" }).click();
    await expect(reporter.getByText(answer)).toBeVisible();
    await engineer.reload();
    await expect(engineer.getByTestId("thread-message").filter({ hasText: answer })).toBeVisible();

    // A new PST member joins and makes a key; the PST member's browser grants them the open case.
    const newPst = await (await browser.newContext()).newPage();
    await inviteAndEnrol(adminPage, newPst, {
      email: `nina-${tag}@example.test`,
      name: `Nina New ${tag}`,
      pst: true,
    });
    await makeKey(newPst, NEW_PST_PASSPHRASE);
    await page.goto(`${e2e.adminUrl}/grants`);
    await expect(page.getByTestId("grant-progress")).toContainText("Access granted");
    await newPst.goto(reportUrl);
    await unlockKey(newPst, NEW_PST_PASSPHRASE);
    await expect(newPst.getByTestId("report-title")).toHaveText(`Resolver crash ${tag}`);
    await expect(newPst.getByTestId("thread-message").filter({ hasText: answer })).toBeVisible();

    // The engineer is taken off the Fix Team: their next request gets a 404.
    await page.goto(reportUrl);
    // Decrypted means the page is live (hydrated, key restored): the button now does what it says.
    await expect(page.getByTestId("report-title")).toBeVisible();
    await page.getByRole("button", { name: `Remove Eve Engineer ${tag}` }).click();
    await expect(page.getByRole("button", { name: `Remove Eve Engineer ${tag}` })).toHaveCount(0);
    await expect(page.getByTestId("case-access")).not.toContainText(`Eve Engineer ${tag}`);
    expect((await servedReport(engineer, reportId)).status).toBe(404);
    expect((await engineer.request.get(`${e2e.adminUrl}/api/attachments/${attachmentId}`)).status()).toBe(
      404,
    );
    await engineer.goto(reportUrl);
    await expect(engineer.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  } finally {
    await db.$disconnect();
  }
});

test("the passphrase is typed once per tab: the inbox and three reports, each a full page load", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const reporter = await (await browser.newContext()).newPage();
  const tag = randomBytes(4).toString("hex");
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    ids.push((await submitReport(reporter, `${tag}-${i}`, Buffer.from(`file ${i}`))).reportId);
  }
  await signInDemo(page, "pst2@demo.disclose.test");
  await page.goto(`${e2e.adminUrl}/inbox`);
  await page.getByRole("button", { name: "Unlock", exact: true }).click();
  await unlockKey(page, DEMO_PGP_PASSPHRASE);
  // The inbox's titles are decrypted here, from each row's small summary.
  await expect(page.getByTestId("inbox-title").filter({ hasText: `Resolver crash ${tag}-2` })).toBeVisible();
  for (const [i, id] of ids.entries()) {
    await page.goto(`${e2e.adminUrl}/reports/${id}`);
    await expect(page.getByTestId("report-title")).toHaveText(`Resolver crash ${tag}-${i}`);
    await expect(page.getByLabel(/^Key passphrase/)).toHaveCount(0);
  }
  // "Lock now" forgets the key: the next page asks again.
  await page.getByRole("button", { name: "Lock now" }).click();
  await page.goto(`${e2e.adminUrl}/reports/${ids[0]}`);
  await expect(page.getByLabel(/^Key passphrase/)).toBeVisible();
  await expect(page.getByTestId("report-title")).toHaveCount(0);
});

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString();
}
