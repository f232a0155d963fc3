// Building blocks of a case's end-to-end tests: a report from the portal, taken through triage and led by PST
// member 1, and a small \`git format-patch\` file for its fix.
import type { Browser, Page } from "@playwright/test";
import { e2e } from "../stack";
import { acknowledgeAndAccept } from "./admin";
import { expect } from "./test";

export const PST1_NAME = "Demo PST Member 1";
export const FIXER_NAME = "Demo Fix Team Member";

/** A reporter sends a report through the portal; answers its id and the reporter's tracking link. */
export async function reportThroughPortal(
  browser: Browser,
  title: string,
  vector?: string,
): Promise<{ id: string; trackingLink: string }> {
  const reporter = await (await browser.newContext()).newPage();
  await reporter.goto(`${e2e.portalUrl}/report`);
  await reporter.getByLabel(/^Title/).fill(title);
  await reporter.getByLabel(/^Affected component/).fill("plugin/cache");
  await reporter.getByLabel(/^Affected versions/).fill("1.12.0");
  await reporter.getByLabel(/^Description/).fill("The cache trusts unsigned answers.");
  await reporter.getByLabel(/^Steps to reproduce/).fill("Send two answers.");
  await reporter.getByLabel(/^Impact/).fill("Spoofed answers.");
  await reporter.getByLabel(/^Name or handle to credit/).fill("Grace");
  if (vector) await reporter.getByLabel(/^CVSS vector/).fill(vector);
  await reporter.getByRole("button", { name: "Encrypt and send report" }).click();
  const trackingLink = await reporter
    .getByLabel("Your private tracking link")
    .inputValue({ timeout: 30_000 });
  await reporter.context().close();
  return { id: new URL(trackingLink).pathname.split("/").pop()?.split(".")[0] ?? "", trackingLink };
}

/** PST member 1 takes the report through triage and leads the case. */
export async function acceptAndLead(page: Page, reportId: string): Promise<void> {
  await page.goto(`${e2e.adminUrl}/reports/${reportId}`);
  await acknowledgeAndAccept(page);
  if ((await page.getByTestId("fix-lead").textContent()) !== PST1_NAME) {
    await page.getByText("Reassign the Fix Lead").click();
    await page.getByLabel("New Fix Lead").selectOption({ label: PST1_NAME });
    await page.getByLabel(/^Why/).fill("Takes this one for the end-to-end test");
    await page.getByRole("button", { name: "Reassign" }).click();
    await expect(page.getByTestId("fix-lead")).toHaveText(PST1_NAME);
  }
}

export const PATCH = `From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001
From: ${FIXER_NAME} <fixer@demo.disclose.test>
Date: Mon, 30 Nov 2026 10:00:00 +0000
Subject: [PATCH] cache: verify answers before caching them

---
 cache.go | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)

diff --git a/cache.go b/cache.go
index 83db48f..bf269f4 100644
--- a/cache.go
+++ b/cache.go
@@ -1,3 +1,3 @@
 package cache
-var verify = false
+var verify = true
 // end
--${" "}
2.39.5
`;
