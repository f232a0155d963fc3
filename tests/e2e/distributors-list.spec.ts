// Issue 13, end to end (the list itself): today's list imported from CSV, an application from the portal naming
// an imported member as voucher, the vouch, the PST's approval, and the new member's first sign-in with a second
// factor and a key of their own; then the organisation's removal ends that member's access on the next request.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { DEMO_PGP_PASSPHRASE } from "@disclose/db/ops";
import { waitForSinkMessage } from "@disclose/email/sink-client";
import type { Page } from "@playwright/test";
import { e2e } from "./stack";
import { enrolInvited, makeKey, signInDemo, unlockKey } from "./support/admin";
import { acceptAndLead, FIXER_NAME, PATCH, reportThroughPortal } from "./support/cases";
import { gpgDecrypt, gpgTeamKey } from "./support/gpg";
import { expect, test } from "./support/test";

const PST1 = "pst1@demo.disclose.test";

const csvField = (value: string) => `"${value.replaceAll('"', '""')}"`;

/** The PST imports one organisation with one contact and its team key; the contact signs in and makes a key. */
async function importOrganization(
  pst: Page,
  member: Page,
  names: { organization: string; contact: string; contactEmail: string; teamEmail: string },
  teamKey: string,
): Promise<void> {
  await pst.goto(`${e2e.adminUrl}/organizations/import`);
  const csv = [
    "organization,distribution,security_contact,email_delivery,contact_name,contact_email,team_key",
    [
      names.organization,
      `${names.organization}'s coredns package`,
      names.teamEmail,
      "no",
      names.contact,
      names.contactEmail,
      csvField(teamKey),
    ].join(","),
  ].join("\n");
  await pst.getByLabel(/^The list as CSV/).fill(csv);
  await pst.getByRole("button", { name: "Check" }).click();
  await pst.getByRole("button", { name: "Import 1 organisation" }).click();
  await expect(
    pst.getByRole("status").filter({ hasText: "Imported 1 organisation and 1 account" }),
  ).toBeVisible();
  await enrolInvited(member, { email: names.contactEmail, name: names.contact });
}

/** The case clock (the end-to-end stack's test clock may run ahead of the wall clock). */
async function caseNow(): Promise<Date> {
  const response = await fetch(`${e2e.adminUrl}/api/test-clock`);
  return new Date(((await response.json()) as { caseNow: string }).caseNow);
}

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

test("early disclosure: the Fix Lead's marked copies, a member's download decrypted with gpg, receipt, feedback, a traced leak, removal", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const run = randomBytes(3).toString("hex");
  const organization = `Tracing Distro ${run}`;
  const contact = { email: `packager-${run}@tracing-distro.test`, name: `Tracing Distro packager ${run}` };
  const team = gpgTeamKey(`team-${run}@tracing-distro.test`);

  const pst = await (await browser.newContext()).newPage();
  await signInDemo(pst, PST1);
  const member = await (await browser.newContext()).newPage();
  await importOrganization(
    pst,
    member,
    {
      organization,
      contact: contact.name,
      contactEmail: contact.email,
      teamEmail: `team-${run}@tracing-distro.test`,
    },
    team.publicKey,
  );
  const memberPassphrase = `passphrase of ${run} packager`;
  await makeKey(member, memberPassphrase);

  // A remotely exploitable case with a fix ready and its patch, led by PST member 1.
  const { id: reportId } = await reportThroughPortal(browser, `Early disclosure ${run}`);
  const caseUrl = `${e2e.adminUrl}/reports/${reportId}`;
  await pst.goto(caseUrl);
  await unlockKey(pst, DEMO_PGP_PASSPHRASE);
  await expect(pst.getByTestId("report-title")).toHaveText(`Early disclosure ${run}`);
  await acceptAndLead(pst, reportId);
  await pst.getByLabel("Add to the Fix Team").selectOption({ label: FIXER_NAME });
  await pst.getByRole("button", { name: "Add", exact: true }).click();
  await expect(pst.getByTestId("fix-team")).toContainText(FIXER_NAME);
  await pst.getByTestId("next-action").getByRole("button", { name: "Start fix development" }).click();
  await expect(pst.getByTestId("report-state")).toHaveText("Fix in progress");
  await pst.getByRole("button", { name: 'Change "Remotely exploitable"' }).click();
  await pst
    .getByLabel(/Why is "Remotely exploitable" now yes/)
    .fill("Any client on the network can send the answers.");
  await pst.getByRole("button", { name: "Set to yes" }).click();
  await expect(pst.getByTestId("fact-remotelyExploitable")).toHaveText("Yes");
  const nav = pst.getByRole("navigation", { name: "This case" });
  await nav.getByRole("link", { name: "Fix workspace" }).click();
  await pst.getByLabel(/^Add a release branch/).fill("release-1.12");
  await pst.getByRole("button", { name: "Add branch" }).click();
  const addCommit = pst.getByRole("region", { name: /Add a fix commit/ });
  await addCommit.getByRole("combobox", { name: /^Release branch/ }).selectOption({ label: "release-1.12" });
  await addCommit
    .getByRole("textbox", { name: /^Commit hash/ })
    .fill("b1b2c3d4e5f60718293a4b5c6d7e8f9012345678");
  await addCommit.getByRole("combobox", { name: /^Author/ }).selectOption({ label: FIXER_NAME });
  await addCommit.getByRole("textbox", { name: /^Title/ }).fill(`Verify answers ${run}`);
  await pst.getByRole("button", { name: "Add the commit" }).click();
  await pst.getByRole("button", { name: /^LGTM/ }).click();
  await pst.getByRole("button", { name: "Mark fix ready" }).click();
  await expect(pst.getByText("The fix is marked ready.")).toBeVisible();
  await nav.getByRole("link", { name: "Patches" }).click();
  await pst.getByLabel(/^Patch file/).setInputFiles({
    name: "0001-cache-verify-answers.patch",
    mimeType: "text/x-patch",
    buffer: Buffer.from(PATCH),
  });
  await pst.getByRole("button", { name: "Upload" }).click();
  await expect(pst.getByTestId("patch-version-diff")).toContainText("var verify = true");

  // The Fix Lead discloses early: terms, the embargo end (15:00 UTC), our organisation only.
  await nav.getByRole("link", { name: "Notice & release" }).click();
  // Between 7 and 14 days' notice (no reason needed), Monday to Thursday (the release page's advice).
  const end = new Date((await caseNow()).getTime() + 8 * 86_400_000);
  while (![1, 2, 3, 4].includes(end.getUTCDay())) end.setUTCDate(end.getUTCDate() + 1);
  const endText = `${end.toISOString().slice(0, 10)}T15:00`;
  // The embargo ends at the case's agreed disclosure time: agreed once, in the release section.
  await pst.getByLabel(/^Disclosure time \(UTC\)/).fill(endText);
  await pst.getByRole("button", { name: "Agree the disclosure time" }).click();
  await expect(pst.getByTestId("embargo-end")).toContainText(`${endText.replace("T", " ")} UTC`);
  await pst
    .getByLabel("Terms of the embargo")
    .fill("Prepare your update privately; publish nothing before the end.");
  // The browser judges the notice by the wall clock; the stack's case clock may run days ahead of it (the test
  // clock of the case-workflow spec), so the form may ask why the notice is long.
  await expect(pst.getByText(`${endText.replace("T", " ")} UTC`).first()).toBeVisible();
  const reason = pst.getByLabel(/^Why this notice/);
  if (await reason.isVisible())
    await reason.fill("The end-to-end stack's case clock runs ahead of the wall clock.");
  const choices = pst.getByRole("group", { name: "Organisations" }).getByRole("checkbox");
  for (const box of await choices.all()) if (await box.isChecked()) await box.uncheck();
  await pst.getByRole("checkbox", { name: organization }).check();
  const noticeSince = new Date().toISOString();
  await pst.getByRole("button", { name: /^(Prepare|Save) the disclosure$/ }).click();
  await pst.getByRole("button", { name: "Make copies and notify" }).click();
  await expect(pst.getByText("Every organisation chosen has been notified.")).toBeVisible({
    timeout: 60_000,
  });

  // The notice says nothing but where and by when.
  const notice = await waitForSinkMessage({
    baseUrl: e2e.sinkUrl,
    match: (m) =>
      m.to.includes(contact.email) && m.subject.startsWith("[EMBARGOED]") && m.receivedAt >= noticeSince,
    timeoutMs: 30_000,
  });
  expect(notice.subject).toMatch(
    new RegExp(`case ${reportId.slice(0, 8)}: action needed by ${endText.replace("T", " ")} UTC$`),
  );
  expect(notice.text).not.toContain("cache");

  // The member downloads their organisation's copy; the team key opens it with gpg, and it carries their mark.
  await member.goto(`${e2e.adminUrl}/distributor/cases`);
  await member.getByRole("link", { name: new RegExp(reportId.slice(0, 8)) }).click();
  const downloading = member.waitForEvent("download");
  await member.getByRole("button", { name: "Download encrypted (.gpg)" }).click();
  const download = await downloading;
  const fileName = download.suggestedFilename();
  const copy = gpgDecrypt({
    message: readFileSync(await download.path()),
    privateKey: team.privateKey,
    passphrase: "",
  }).toString();
  expect(copy).toContain("var verify = true");
  const mark = copy.match(/Disclose-Distributor-Mark: ([A-Z2-7]{12})/)?.[1];
  expect(mark).toBeTruthy();
  expect(fileName).toContain(mark as string);
  await member.getByRole("button", { name: "Acknowledge receipt" }).click();
  await expect(member.getByRole("status").filter({ hasText: "Receipt acknowledged" })).toBeVisible();

  // Contributing back: not affected, tested fine.
  await member.getByRole("link", { name: "Record review and test results" }).click();
  await member.getByLabel("Not affected").check();
  await member.getByLabel("Tested fine (nothing found)").check();
  await member.getByRole("button", { name: "Send feedback" }).click();
  await expect(member.getByText("your feedback was sent to the case's team")).toBeVisible();

  // The copy turns up where it should not: the PST traces its mark, records the leak, assesses and decides.
  await pst.goto(`${caseUrl}/distributors`);
  await expect(pst.getByText(organization).first()).toBeVisible();
  await pst.getByLabel(/^Leaked file/).setInputFiles({
    name: fileName.replace(/\.gpg$/, ""),
    mimeType: "text/x-patch",
    buffer: Buffer.from(copy),
  });
  await pst.getByRole("button", { name: "Trace the file" }).click();
  await expect(pst.getByText(`belongs to ${organization}`)).toBeVisible();
  await pst.getByText("Report a leak").click();
  await pst.getByLabel(/^What leaked/).fill("The patch file, posted on a public paste site.");
  await pst.getByLabel(/^To whom/).fill("Anyone reading that paste site.");
  const hourAgo = new Date(Date.now() - 3_600_000 - new Date().getTimezoneOffset() * 60_000);
  await pst.getByLabel(/^When \(your local time\)/).fill(hourAgo.toISOString().slice(0, 16));
  await pst
    .getByLabel(/^How it will be prevented/)
    .fill("The organisation restricts who may download copies.");
  await pst.getByLabel("Organisation whose member leaked").selectOption({ label: organization });
  await pst.getByRole("button", { name: "Report the leak" }).click();
  await pst.getByLabel("Damage").selectOption("limited");
  await pst.getByLabel("Assessment").fill("Visible for an hour; taken down.");
  await pst.getByRole("button", { name: "Record the assessment" }).click();
  await pst.getByLabel("Decision").selectOption("continue");
  await pst.getByLabel("Why").fill("Taken down quickly; the release stays on its date.");
  await pst.getByRole("button", { name: "Record the decision" }).click();
  await expect(pst.getByText(/continue/i).first()).toBeVisible();

  // The organisation is removed from the list: the member's next request shows nothing of the case.
  await pst.goto(`${e2e.adminUrl}/organizations`);
  const row = pst.getByRole("row").filter({ hasText: organization });
  await row.getByRole("button", { name: "Remove from the list" }).click();
  await pst.getByLabel(`Why ${organization} leaves the list`).fill("It leaked an embargoed patch.");
  await pst.getByRole("button", { name: "Remove…" }).click();
  await pst.getByRole("button", { name: `Yes, remove ${organization}` }).click();
  await expect(
    pst
      .getByRole("row")
      .filter({ hasText: organization })
      .getByText(/removed/i)
      .first(),
  ).toBeVisible();
  await member.goto(`${e2e.adminUrl}/distributor/cases/${reportId}`);
  await expect(member.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
});
