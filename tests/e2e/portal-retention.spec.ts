// Issue 11, retention: the reporter erases their email address from the tracking page (a two-step control that
// says what goes and what stays), and the admin setting for how long reporters' personal data is kept.

import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { createDb, type Db } from "@disclose/db";
import type { Page } from "@playwright/test";
import { e2e } from "./stack";
import { signInDemo } from "./support/admin";
import { expect, test } from "./support/test";

/** Screenshots for people to look at (not compared): set RETENTION_SHOTS to a folder to take them. */
const SHOTS = process.env.RETENTION_SHOTS;

let db: Db;
test.beforeAll(async () => {
  db = createDb(e2e.databaseUrl);
  if (SHOTS) await mkdir(SHOTS, { recursive: true });
});
test.afterAll(async () => {
  await db.$disconnect();
});

async function shoot(page: Page, name: string) {
  if (!SHOTS) return;
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function submitWithEmail(page: Page, email: string): Promise<string> {
  await page.goto("/report");
  await expect(page.getByText(/it is erased \d+ days after your report is closed/)).toBeVisible();
  await page.getByLabel(/^Title/).fill("Resolver crash on a crafted query");
  await page.getByLabel(/^Affected component/).fill("plugin/forward");
  await page.getByLabel(/^Affected versions/).fill("1.11.x");
  await page.getByLabel(/^Description/).fill("A crafted query crashes the resolver.");
  await page.getByLabel(/^Steps to reproduce/).fill("dig crafted");
  await page.getByLabel(/^Impact/).fill("Denial of service.");
  await page.getByLabel(/^Name or handle to credit/).fill("Ada Reporter");
  await page.getByLabel(/^Email for notifications/).fill(email);
  await page.getByRole("button", { name: "Encrypt and send report" }).click();
  return page.getByLabel("Your private tracking link").inputValue();
}

test("a reporter erases their email address from the tracking page, after a confirmation that says what stays", async ({
  page,
}) => {
  const email = `reporter-${randomBytes(4).toString("hex")}@example.test`;
  const link = await submitWithEmail(page, email);
  const reportId = new URL(link).pathname.split("/").pop()!.split(".")[0]!;
  expect((await db.report.findUniqueOrThrow({ where: { id: reportId } })).notifyEmail).toBe(email);

  await page.goto(link);
  const section = page.getByRole("region", { name: "Your email address", exact: true });
  await expect(section).toContainText("We keep the email address you gave for updates");
  await expect(section).toContainText(/We erase it \d+ days after your report is closed, or now if you ask/);
  await shoot(page, "track-before");

  // Keyboard only: the control opens a question that takes focus, and "Keep it" changes nothing.
  const erase = section.getByRole("button", { name: "Erase my email address now" });
  await erase.focus();
  await page.keyboard.press("Enter");
  const question = section.getByRole("heading", { name: "Erase your email address now?" });
  await expect(question).toBeFocused();
  await expect(section).toContainText(
    "Your encrypted report, the encrypted messages and the record of the case",
  );
  await shoot(page, "track-confirm");
  await section.getByRole("button", { name: "Keep it" }).click();
  await expect(erase).toBeFocused();
  expect((await db.report.findUniqueOrThrow({ where: { id: reportId } })).notifyEmail).toBe(email);

  await erase.click();
  await section.getByRole("button", { name: "Yes, erase my email address" }).click();
  const done = section.getByRole("alert").filter({ hasText: "erased" });
  await expect(done).toContainText("Your email address was erased");
  await expect(done).toContainText("We will not email you about this report again");
  await expect(section.getByRole("button", { name: /Erase my email address/ })).toHaveCount(0);
  await shoot(page, "track-after");

  const stored = await db.report.findUniqueOrThrow({ where: { id: reportId } });
  expect(stored.notifyEmail).toBeNull();
  expect(stored.ciphertext.length).toBeGreaterThan(0);
  expect(await db.outboxMessage.count({ where: { toAddress: email } })).toBe(0);

  // After a reload the page still says so, with no control left to press.
  await page.reload();
  await expect(page.getByTestId("personal-data-status")).toContainText("Your email address was erased on");
  await expect(page.getByRole("button", { name: /Erase my email address/ })).toHaveCount(0);
  await shoot(page, "track-after-reload");
});

test("a report without an email address offers nothing to erase", async ({ page }) => {
  const link = await submitWithEmail(page, "");
  await page.goto(link);
  await expect(page.getByTestId("personal-data-status")).toContainText("You gave no email address");
  await expect(page.getByRole("button", { name: /Erase my email address/ })).toHaveCount(0);
});

test("the policy page explains retention", async ({ page }) => {
  await page.goto("/policy");
  const section = page.getByRole("region", { name: "Your personal data" });
  await expect(section).toContainText(/We erase them \d+ days after your report is closed/);
});

test("an admin sets how long reporters' personal data is kept, within bounds", async ({ page }) => {
  await signInDemo(page, "admin@demo.disclose.test");
  await page.goto(`${e2e.adminUrl}/settings`);
  const field = page.getByLabel(/^Keep reporters' personal data for/);
  await expect(field).toHaveValue("90");
  await shoot(page, "admin-settings");

  await field.fill("0");
  await page.getByRole("button", { name: "Save" }).click();
  // (Next's route announcer is an empty alert too: ours is the one with a title.)
  await expect(page.getByRole("alert").filter({ hasText: "Not saved" })).toContainText(
    "Enter a whole number of days from 1 to 3650",
  );
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await shoot(page, "admin-settings-error");

  await field.fill("30");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Saved" })).toContainText(
    "erased 30 days after their case closes",
  );
  expect((await db.settings.findUniqueOrThrow({ where: { id: 1 } })).reporterDataRetentionDays).toBe(30);
  await field.fill("90");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Saved" })).toContainText(
    "erased 90 days after their case closes",
  );
});
