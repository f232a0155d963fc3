import { randomBytes } from "node:crypto";
import { createDb } from "@disclose/db";
import { DEMO_PGP_PASSPHRASE } from "@disclose/db/ops";

import { e2e } from "./stack";
import { acknowledgeAndAccept, signInDemo, unlockKey } from "./support/admin";
import { expect, test } from "./support/test";

const PST2 = "pst2@demo.disclose.test";

test("a PST member decrypts a portal report, acknowledges and accepts it; the reporter sees the decision and the reply", async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  // The reporter submits through the portal, in another browser.
  const reporter = await (await browser.newContext()).newPage();
  const tag = randomBytes(4).toString("hex");
  await reporter.goto(`${e2e.portalUrl}/report`);
  await reporter.getByLabel(/^Title/).fill(`Zone transfer leak ${tag}`);
  await reporter.getByLabel(/^Affected component/).fill("plugin/transfer");
  await reporter.getByLabel(/^Affected versions/).fill("1.12.0");
  await reporter.getByLabel(/^Description/).fill("AXFR is allowed from any address.");
  await reporter.getByLabel(/^Steps to reproduce/).fill("dig axfr example.org @server");
  await reporter.getByLabel(/^Impact/).fill("Zone contents disclosed.");
  await reporter.getByLabel(/^Name or handle to credit/).fill("Grace");
  await reporter.getByRole("button", { name: "Encrypt and send report" }).click();
  const trackingLink = await reporter.getByLabel("Your private tracking link").inputValue();
  const reportId = new URL(trackingLink).pathname.split("/").pop()?.split(".")[0] ?? "";

  // The PST member signs in, finds it in the inbox and decrypts it in the browser.
  await signInDemo(page, PST2);
  await page.goto(`${e2e.adminUrl}/inbox`);
  await page.getByRole("link", { name: reportId.slice(0, 8) }).click();
  await expect(page.getByTestId("report-state")).toHaveText("Received");
  await unlockKey(page, DEMO_PGP_PASSPHRASE);
  await expect(page.getByTestId("report-title")).toHaveText(`Zone transfer leak ${tag}`);

  // Acknowledge, with an end-to-end encrypted message to the reporter, then accept: the Fix Lead is picked by
  // rotation and shown.
  const reply = `Thanks Grace, we are looking at it (${tag}).`;
  await acknowledgeAndAccept(page, reply);
  await expect(page.getByTestId("fix-lead")).toHaveText(/Demo PST Member [12]/);

  const db = createDb(e2e.databaseUrl);
  try {
    const report = await db.report.findUniqueOrThrow({ where: { id: reportId } });
    const assignment = await db.fixLeadAssignment.findFirstOrThrow({ where: { reportId } });
    expect(assignment).toMatchObject({ reason: "rotation", memberId: report.fixLeadId });
    // Every read of the report was audited.
    expect(
      await db.auditEvent.count({ where: { action: "report.read", subjectId: reportId } }),
    ).toBeGreaterThan(0);
  } finally {
    await db.$disconnect();
  }

  // The reporter's tracking page shows the decision, and the reply decrypts there.
  await reporter.goto(trackingLink);
  await expect(reporter.getByTestId("report-state")).toHaveText(/Accepted/);
  await expect(reporter.getByText(reply)).toBeVisible();

  // The case's history: who did what, from the audit log, newest first; filterable; no content.
  await page.getByRole("navigation", { name: "This case" }).getByRole("link", { name: "History" }).click();
  await expect(
    page.getByRole("heading", { name: `History of report ${reportId.slice(0, 8)}` }),
  ).toBeVisible();
  const events = page.getByTestId("history-event");
  await expect(events.filter({ hasText: "Report received" })).toHaveCount(1);
  await expect(events.filter({ hasText: "Read the report" }).first()).toContainText("Demo PST Member 2");
  await expect(events.filter({ hasText: "Accepted" }).first()).toBeVisible();
  await expect(page.getByRole("main")).not.toContainText(`Zone transfer leak ${tag}`);
  await page.getByLabel("What").selectOption({ label: "Reads" });
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/kind=read/);
  await expect(events.filter({ hasText: "Report received" })).toHaveCount(0);
  await expect(events.filter({ hasText: "Read the report" }).first()).toBeVisible();
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: test.info().outputPath(`history-${width}.png`), fullPage: true });
  }
});
