import { DEMO_PGP_PASSPHRASE } from "@disclose/db/ops";
import type { Page } from "@playwright/test";
import { e2e } from "./stack";
import { signInDemo, unlockKey } from "./support/admin";
import { expect, test } from "./support/test";

const V31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
const V40 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
// Set to a directory to keep screenshots of the calculator at 1280 and 390 px (looked at by a person).
const SHOTS = process.env.CVSS_SHOTS_DIR;

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

test("the portal's CVSS calculator works with the keyboard alone and keeps the vector and the metrics in step", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto("/report");
  const vector = page.getByLabel(/^CVSS vector/);
  await vector.focus();
  await page.keyboard.press("Tab");
  await expect(page.locator("summary", { hasText: "Open the CVSS calculator" })).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("radio", { name: "CVSS 3.1" })).toBeFocused();
  // Each base metric is one radio group, one Tab stop; Space picks its first value.
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Tab");
    await page.keyboard.press("Space");
  }
  await expect(vector).toHaveValue(V31);
  const result = page.locator("#cvssVector-result");
  await expect(result).toHaveAttribute("aria-live", "polite");
  await expect(result).toContainText("9.8 Critical");
  // Arrow keys move within a group and change the vector.
  await page.keyboard.press("ArrowDown");
  await expect(vector).toHaveValue(V31.replace("A:H", "A:L"));
  await page.getByRole("group", { name: /^Privileges Required \(PR\)/ }).scrollIntoViewIfNeeded();
  await shot(page, "portal-1280-picking");

  // A refused vector: the domain's message names the metric, and the text stays as typed.
  await vector.fill(`${V31}/AV:L`);
  await expect(page.getByText("Attack Vector (AV) appears more than once.")).toBeVisible();
  await expect(vector).toHaveAttribute("aria-invalid", "true");
  await expect(vector).toHaveValue(`${V31}/AV:L`);

  // A pasted 4.0 vector switches the calculator and sets its radios.
  await vector.fill(V40);
  await expect(page.getByRole("radio", { name: "CVSS 4.0" })).toBeChecked();
  await expect(
    page
      .getByRole("group", { name: /^Vulnerable System Confidentiality \(VC\)/ })
      .getByRole("radio", { name: /^High/ }),
  ).toBeChecked();
  await expect(result).toContainText("CVSS 4.0");
  await vector.scrollIntoViewIfNeeded();
  await shot(page, "portal-1280-pasted-4.0");
  // Switching to 3.1 and back keeps the 4.0 vector.
  await page.getByRole("radio", { name: "CVSS 3.1" }).check();
  await page.getByRole("radio", { name: "CVSS 4.0" }).check();
  await expect(vector).toHaveValue(V40);

  await page.setViewportSize({ width: 390, height: 844 });
  await vector.fill("CVSS:3.1/AV:N/AC:L");
  await vector.scrollIntoViewIfNeeded();
  await shot(page, "portal-390-field");
  await page.getByRole("group", { name: /^Scope \(S\)/ }).scrollIntoViewIfNeeded();
  await shot(page, "portal-390-picking");
  await expect(page.getByText("6 base metrics left: PR UI S C I A")).toBeInViewport();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test("the admin shows the reporter's vector with its score beside the calculator", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const reporter = await (await browser.newContext()).newPage();
  await reporter.goto(`${e2e.portalUrl}/report`);
  await reporter.getByLabel(/^Title/).fill("Cache poisoning through EDNS0");
  await reporter.getByLabel(/^Affected component/).fill("plugin/cache");
  await reporter.getByLabel(/^Affected versions/).fill("1.12.0");
  await reporter.getByLabel(/^Description/).fill("A description.");
  await reporter.getByLabel(/^Steps to reproduce/).fill("Steps.");
  await reporter.getByLabel(/^Impact/).fill("Impact.");
  await reporter.getByLabel(/^CVSS vector/).fill(V31);
  await reporter.getByLabel(/^Name or handle to credit/).fill("Grace");
  await reporter.getByRole("button", { name: "Encrypt and send report" }).click();
  const trackingLink = await reporter.getByLabel("Your private tracking link").inputValue();
  const reportId = new URL(trackingLink).pathname.split("/").pop()?.split(".")[0] ?? "";

  await signInDemo(page, "pst2@demo.disclose.test");
  await page.goto(`${e2e.adminUrl}/inbox`);
  await page.getByRole("link", { name: reportId.slice(0, 8) }).click();
  await unlockKey(page, DEMO_PGP_PASSPHRASE);
  const section = page.getByRole("region", { name: "CVSS", exact: true });
  const theirs = section.getByRole("region", { name: "The reporter's vector" });
  await expect(theirs).toContainText("9.8 Critical");
  await expect(theirs).toContainText("The calculator shows this vector.");
  const mine = section.getByLabel(/^Vector to try/);
  await expect(mine).toHaveValue(V31);
  await section
    .getByRole("group", { name: /^Attack Vector \(AV\)/ })
    .getByRole("radio", { name: /^Local/ })
    .check();
  await expect(mine).toHaveValue(V31.replace("AV:N", "AV:L"));
  await expect(theirs).toContainText("Yours differs in AV.");
  await page.setViewportSize({ width: 1280, height: 900 });
  await section.scrollIntoViewIfNeeded();
  await shot(page, "admin-1280-top");
  await section.getByRole("group", { name: /^Scope \(S\)/ }).scrollIntoViewIfNeeded();
  await shot(page, "admin-1280");
  await theirs.getByRole("button", { name: "Use the reporter's vector" }).click();
  await expect(mine).toHaveValue(V31);
  await page.setViewportSize({ width: 390, height: 844 });
  await section.getByRole("heading", { name: "CVSS", exact: true }).scrollIntoViewIfNeeded();
  await shot(page, "admin-390-top");
  await section.getByRole("group", { name: /^Privileges Required \(PR\)/ }).scrollIntoViewIfNeeded();
  await shot(page, "admin-390");
});
