// Issue 13, end to end (the list itself): today's list imported from CSV, an application from the portal naming
// an imported member as voucher, the vouch, the PST's approval, and the new member's first sign-in with a second
// factor and a key of their own; then the organisation's removal ends that member's access on the next request.
import { randomBytes } from "node:crypto";
import { waitForSinkMessage } from "@disclose/email/sink-client";
import { e2e } from "./stack";
import { enrolInvited, makeKey, signInDemo } from "./support/admin";
import { gpgTeamKey } from "./support/gpg";
import { expect, test } from "./support/test";

const PST1 = "pst1@demo.disclose.test";

const csvField = (value: string) => `"${value.replaceAll('"', '""')}"`;

test("the distributors list: CSV import, application, vouch, approval, the new member's sign-in and key, removal", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  const run = randomBytes(3).toString("hex");
  const voucher = { email: `security-${run}@vouching-distro.test`, name: `Vouching Distro security ${run}` };
  const applicant = { email: `alex-${run}@example-linux.test`, name: `Alex Example ${run}` };
  const orgName = `Example Linux ${run}`;

  // The PST imports today's list: one organisation, one contact, its team key.
  const pst = await (await browser.newContext()).newPage();
  await signInDemo(pst, PST1);
  await pst.goto(`${e2e.adminUrl}/organizations/import`);
  const importedKey = gpgTeamKey(`team-${run}@vouching-distro.test`);
  const csv = [
    "organization,distribution,security_contact,email_delivery,contact_name,contact_email,team_key",
    [
      `Vouching Distro ${run}`,
      "Vouching Distro's coredns package",
      `team-${run}@vouching-distro.test`,
      "no",
      voucher.name,
      voucher.email,
      csvField(importedKey.publicKey),
    ].join(","),
  ].join("\n");
  await pst.getByLabel(/^The list as CSV/).fill(csv);
  await pst.getByRole("button", { name: "Check" }).click();
  await pst.getByRole("button", { name: "Import 1 organisation" }).click();
  await expect(
    pst.getByRole("status").filter({ hasText: "Imported 1 organisation and 1 account" }),
  ).toBeVisible();

  // The imported contact signs in for the first time.
  const voucherPage = await (await browser.newContext()).newPage();
  await enrolInvited(voucherPage, voucher);

  // An applicant applies on the portal, naming the imported contact as voucher.
  const portal = await (await browser.newContext()).newPage();
  await portal.goto(`${e2e.portalUrl}/distributors/apply`);
  const long = "We package the resolver for our distribution, used by many organisations worldwide.";
  await portal.getByLabel(/^Organisation/).fill(orgName);
  await portal.getByLabel(/^Distribution/).fill("Example Linux's coredns package");
  await portal.getByLabel(/^User base/).fill("Thousands of companies and home users run Example Linux.");
  await portal.getByLabel(/^Security track record/).fill("https://security.example-linux.test/advisories");
  await portal
    .getByLabel(/^How you will contribute/)
    .fill("We review and test proposed patches and report back.");
  for (const criterion of [
    "active-distributor",
    "user-base",
    "security-track-record",
    "not-downstream",
    "community-participant",
  ]) {
    await portal.locator(`[name="answers.${criterion}.answer"]`).fill(long);
    await portal
      .locator(`[name="answers.${criterion}.evidence"]`)
      .fill("https://example-linux.test/evidence");
  }
  await portal.getByLabel(/I accept the Embargo Policy/).check();
  await portal.getByLabel(/^Email address of the list member who vouches/).fill(voucher.email);
  await portal.getByLabel(/^Security contact/).fill(`security-${run}@example-linux.test`);
  const applicantKey = gpgTeamKey(`security-${run}@example-linux.test`);
  await portal.getByLabel(/^Team OpenPGP public key/).fill(applicantKey.publicKey);
  await portal.getByLabel(/^Your name/).fill(applicant.name);
  await portal.getByLabel(/^Your email address/).fill(applicant.email);
  await portal.getByRole("button", { name: "Send the application" }).click();
  const trackingLink = await portal.getByRole("textbox", { name: /tracking link/i }).inputValue();
  expect(trackingLink).toContain("/distributors/applications/");
  await portal.goto(trackingLink);
  await expect(portal.getByText("Waiting", { exact: false }).first()).toBeVisible();

  // The voucher is asked (by email, once the worker has looked them up) and confirms in the app.
  await waitForSinkMessage({
    baseUrl: e2e.sinkUrl,
    match: (m) => m.to.includes(voucher.email) && /vouch/i.test(m.subject),
    timeoutMs: 30_000,
  });
  await voucherPage.goto(`${e2e.adminUrl}/distributors/applications`);
  await voucherPage.getByRole("link", { name: orgName }).click();
  await voucherPage.getByLabel("Yes, I vouch for them").check();
  await voucherPage.getByLabel(/^Comment/).fill("We have worked with their security team for years.");
  await voucherPage.getByRole("button", { name: "Send my answer" }).click();
  await expect(voucherPage.getByRole("status").filter({ hasText: /recorded|thank/i })).toBeVisible();

  // The PST sees every criterion met and approves.
  await pst.goto(`${e2e.adminUrl}/distributors/applications`);
  await pst.getByRole("link", { name: orgName }).click();
  await pst.getByRole("button", { name: "Approve…" }).click();
  await pst.getByRole("button", { name: "Yes, approve" }).click();
  await expect(pst.getByText(/approved/i).first()).toBeVisible();
  await portal.reload();
  await expect(portal.getByText("Approved").first()).toBeVisible();

  // The new member signs in (second factor) and makes a key of their own.
  const member = await (await browser.newContext()).newPage();
  await enrolInvited(member, applicant);
  await makeKey(member, `passphrase for ${run} distributor`);

  // The member sees their organisation's page; once it is removed from the list, the next request shows nothing.
  await pst.goto(`${e2e.adminUrl}/organizations`);
  const orgPath = await pst.getByRole("link", { name: orgName }).getAttribute("href");
  expect(orgPath).toMatch(/^\/organizations\/[0-9a-f-]{36}$/);
  await member.goto(`${e2e.adminUrl}${orgPath}`);
  await expect(member.getByRole("heading", { name: orgName })).toBeVisible();
  const row = pst.getByRole("row").filter({ hasText: orgName });
  await row.getByRole("button", { name: "Remove from the list" }).click();
  await pst
    .getByLabel(`Why ${orgName} leaves the list`)
    .fill("Its criteria lapsed: it no longer distributes the project.");
  await pst.getByRole("button", { name: "Remove…" }).click();
  await pst.getByRole("button", { name: `Yes, remove ${orgName}` }).click();
  await expect(
    pst
      .getByRole("row")
      .filter({ hasText: orgName })
      .getByText(/removed/i)
      .first(),
  ).toBeVisible();
  await member.reload();
  await expect(member.getByRole("heading", { name: orgName })).toHaveCount(0);
  await expect(member.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
});
