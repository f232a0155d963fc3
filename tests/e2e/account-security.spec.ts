import { randomBytes } from "node:crypto";
import { createDb } from "@disclose/db";
import { DEMO_PGP_PASSPHRASE } from "@disclose/db/ops";
import type { Page } from "@playwright/test";
import { e2e } from "./stack";
import { followSignInLink, inviteAndEnrol, makeKey, signInDemo, totpCode, unlockKey } from "./support/admin";
import { expect, test } from "./support/test";

const ADMIN = "admin@demo.disclose.test";

/**
 * Gives the page's browser a passkey authenticator through the DevTools protocol, as a laptop with a fingerprint
 * reader would be: it keeps discoverable passkeys, verifies the person, and answers without a prompt.
 */
async function addVirtualAuthenticator(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

/** A short report sent from the portal in its own browser; returns its id. */
async function submitReport(reporter: Page, tag: string): Promise<{ reportId: string }> {
  await reporter.goto(`${e2e.portalUrl}/report`);
  await reporter.getByLabel(/^Title/).fill(`Crash ${tag}`);
  await reporter.getByLabel(/^Affected component/).fill("plugin/cache");
  await reporter.getByLabel(/^Affected versions/).fill("1.12.0");
  await reporter.getByLabel(/^Description/).fill("A crafted query crashes the cache.");
  await reporter.getByLabel(/^Steps to reproduce/).fill("Send the query twice.");
  await reporter.getByLabel(/^Impact/).fill("Denial of service.");
  await reporter.getByLabel(/^Name or handle to credit/).fill("Grace");
  await reporter.getByRole("button", { name: "Encrypt and send report" }).click();
  const trackingLink = await reporter.getByLabel("Your private tracking link").inputValue();
  return { reportId: new URL(trackingLink).pathname.split("/").pop()?.split(".")[0] ?? "" };
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole("banner").getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Sign in", exact: true })).toBeVisible();
}

test("a member enrols a passkey, signs in with it, is throttled on code guesses like everyone, and removes it", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const tag = randomBytes(4).toString("hex");
  const person = { email: `pia-${tag}@example.test`, name: `Pia Passkey ${tag}`, pst: true };
  const adminPage = await (await browser.newContext()).newPage();
  await signInDemo(adminPage, ADMIN);
  await inviteAndEnrol(adminPage, page, person);
  await addVirtualAuthenticator(page);

  // The account page: add a passkey, then choose to sign in with it alone.
  await page.getByTestId("signed-in-as").click();
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  await expect(page.getByTestId("passkey-row")).toHaveCount(0);
  await page.getByLabel(/^Name of the new passkey/).fill("Laptop");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Added “Laptop”." })).toBeVisible();
  await expect(page.getByTestId("passkey-row")).toHaveCount(1);
  await expect(page.getByTestId("passkey-row")).toContainText("Never");
  await page.getByLabel("Sign in with a passkey instead of an emailed link").check();
  await expect(page.getByRole("status").filter({ hasText: "sign in with a passkey alone" })).toBeVisible();

  // Signed out, the passkey alone signs the person in: no emailed link, no code.
  await signOut(page);
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(`Signed in as ${person.name}.`);

  // With an emailed link, the passkey answers the second factor instead of a code.
  await signOut(page);
  await followSignInLink(page, person.email);
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(`Signed in as ${person.name}.`);

  // Someone holding only the emailed link guesses codes: the account waits, as an account without a passkey
  // does, and the passkey is not looked at meanwhile either.
  await signOut(page);
  await followSignInLink(page, person.email);
  for (let i = 0; i < 6; i++) {
    await page.getByLabel(/^Code/).fill("000000");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page.getByText(/That code is not right|Too many wrong codes/)).toBeVisible();
  }
  await expect(page.getByText(/Too many wrong codes\. Wait/)).toBeVisible();
  await page.getByRole("button", { name: "Use a passkey" }).click();
  await expect(page.getByText(/Too many wrong codes\. Wait/).first()).toBeVisible();

  // The person themselves signs in with the passkey alone, sees the failures among their security events, and
  // removes the passkey: signing in with one is then off.
  await page.context().clearCookies();
  await page.goto(`${e2e.adminUrl}/sign-in`);
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
  await page.goto(`${e2e.adminUrl}/account`);
  await expect(page.getByTestId("passkey-row")).toContainText("UTC");
  await expect(page.getByRole("region", { name: "Recent security events" })).toContainText(/wrong/i);
  await page.getByRole("button", { name: "Remove Laptop" }).click();
  await page.getByRole("button", { name: "Yes, remove “Laptop”" }).click();
  await expect(page.getByTestId("passkey-row")).toHaveCount(0);
  await expect(page.getByLabel("Sign in with a passkey instead of an emailed link")).not.toBeChecked();
  await expect(page.getByLabel("Sign in with a passkey instead of an emailed link")).toBeDisabled();
  await signOut(page);
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByText("This passkey cannot sign you in.")).toBeVisible();
});

test("a member who forgot their key's passphrase makes a new key and reads their cases again once a PST member's browser grants them", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const tag = randomBytes(4).toString("hex");
  const person = { email: `fred-${tag}@example.test`, name: `Fred Forgetful ${tag}`, pst: true };
  const adminPage = await (await browser.newContext()).newPage();
  await signInDemo(adminPage, ADMIN);
  await inviteAndEnrol(adminPage, page, person);
  await makeKey(page, "the passphrase Fred will forget");

  // A report arrives, encrypted in the reporter's browser to the PST's keys, Fred's first key among them.
  const reporter = await (await browser.newContext()).newPage();
  const { reportId } = await submitReport(reporter, tag);
  const reportUrl = `${e2e.adminUrl}/reports/${reportId}`;
  await page.goto(reportUrl);
  await unlockKey(page, "the passphrase Fred will forget");
  await expect(page.getByTestId("report-title")).toHaveText(`Crash ${tag}`);

  // Fred forgets the passphrase: the account page says what to do, and the Keys page makes a new key. The
  // server cannot give the new key access; until a reader's browser does, the report says so.
  await page.getByRole("button", { name: "Lock now" }).click();
  await page.goto(`${e2e.adminUrl}/account`);
  await expect(page.getByText(/Forgot your key's passphrase/)).toBeVisible();
  await page.goto(`${e2e.adminUrl}/keys`);
  await page.getByRole("button", { name: "Replace it with a new key…" }).click();
  await page.getByLabel(/^Passphrase\b(?! again)/).fill("Fred's new, remembered passphrase");
  await page.getByLabel(/^Passphrase again/).fill("Fred's new, remembered passphrase");
  await page.getByLabel("Retire my current key when the new one is registered").check();
  await page.getByRole("button", { name: "Make, lock and upload my key" }).click();
  await expect(page.getByRole("heading", { name: "Your new key is registered" })).toBeVisible({
    timeout: 30_000,
  });
  await page.goto(reportUrl);
  await unlockKey(page, "Fred's new, remembered passphrase");
  await expect(page.getByText("This report could not be decrypted with your unlocked key")).toBeVisible();

  // A PST member opens Disclose with their key unlocked: their browser re-wraps the case for Fred's new key.
  const pst = await (await browser.newContext()).newPage();
  await signInDemo(pst, "pst1@demo.disclose.test");
  await pst.goto(reportUrl);
  await unlockKey(pst, DEMO_PGP_PASSPHRASE);
  await expect(pst.getByTestId("report-title")).toHaveText(`Crash ${tag}`);
  await expect(pst.getByTestId("grant-progress")).toContainText("Access granted");

  await page.reload();
  await expect(page.getByTestId("report-title")).toHaveText(`Crash ${tag}`);
});

test("a member who lost every factor is recovered by an admin and a PST member, never by one, by themselves or late", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const tag = randomBytes(4).toString("hex");
  const person = { email: `rita-${tag}@example.test`, name: `Rita Recover ${tag}`, pst: true };
  const admin = await (await browser.newContext()).newPage();
  await signInDemo(admin, ADMIN);
  // Rita's laptop stays signed in; her phone, with the authenticator and the recovery codes, is gone.
  const laptop = await (await browser.newContext()).newPage();
  await inviteAndEnrol(admin, laptop, person);

  // On a new computer she signs in with an emailed link and asks for recovery from the second-factor page.
  const ask = async () => {
    await page
      .getByRole("button", {
        name: /Lost your authenticator and your recovery codes\?|Ask for recovery again/,
      })
      .click();
    await page
      .getByLabel(/^What happened\?/)
      .fill("My phone was stolen, with the authenticator and the codes.");
    await page.getByRole("button", { name: "Ask for recovery", exact: true }).click();
    await expect(page.getByText(/You asked for recovery on/)).toBeVisible();
  };
  await followSignInLink(page, person.email);
  await ask();

  const openRequest = (approver: Page) =>
    approver
      .getByRole("region", { name: "Open requests" })
      .getByRole("listitem")
      .filter({ hasText: person.email });
  const approve = async (approver: Page, as: string) => {
    await approver.goto(`${e2e.adminUrl}/recoveries`);
    await openRequest(approver)
      .getByLabel(/I confirmed with/)
      .check();
    await openRequest(approver)
      .getByRole("button", { name: `Approve as ${as}` })
      .click();
  };

  // Her own laptop session cannot approve it: the page says why, and offers no button.
  await laptop.goto(`${e2e.adminUrl}/recoveries`);
  await expect(openRequest(laptop)).toContainText("You cannot approve your own recovery");
  await expect(openRequest(laptop).getByRole("button", { name: /Approve/ })).toHaveCount(0);

  // One approver is not enough.
  await approve(admin, "an admin");
  await expect(openRequest(admin)).toContainText("Your approval is recorded. It now needs a PST member.");
  await page.reload();
  await expect(page.getByText(/You asked for recovery on/)).toBeVisible();
  await expect(page.getByText("Approved. Set up a new authenticator now.")).toHaveCount(0);

  // The PST member opens the page, but the request lapses before they approve: their approval is refused.
  const pst = await (await browser.newContext()).newPage();
  await signInDemo(pst, "pst2@demo.disclose.test");
  await pst.goto(`${e2e.adminUrl}/recoveries`);
  await expect(openRequest(pst).getByRole("button", { name: "Approve as a PST member" })).toBeVisible();
  const db = createDb(e2e.databaseUrl);
  try {
    await db.accountRecovery.updateMany({
      where: { user: { email: person.email }, cancelledAt: null, completedAt: null },
      data: { expiresAt: new Date(Date.now() - 60_000) },
    });
  } finally {
    await db.$disconnect();
  }
  await openRequest(pst)
    .getByLabel(/I confirmed with/)
    .check();
  await openRequest(pst).getByRole("button", { name: "Approve as a PST member" }).click();
  await expect(pst.getByRole("alert").filter({ hasText: "This request has expired" })).toBeVisible();

  // She asks again; an admin and a PST member approve, two people: her old factors and sessions are gone.
  await page.reload();
  await ask();
  await approve(admin, "an admin");
  await approve(pst, "a PST member");
  await expect(openRequest(pst)).toContainText("old second factors are removed");
  await laptop.reload();
  await expect(laptop.getByRole("heading", { name: "Sign in", exact: true })).toBeVisible();

  // She enrols a new authenticator from the page she is on, and is in.
  await page.reload();
  await expect(page.getByText("Approved. Set up a new authenticator now.")).toBeVisible();
  await page.getByRole("button", { name: "Set up a new authenticator" }).click();
  const secret = (await page.getByTestId("totp-secret").innerText()).replaceAll(" ", "");
  await page.getByLabel(/^Code from your authenticator app/).fill(totpCode(secret));
  await page.getByRole("button", { name: "Confirm and continue" }).click();
  await page.getByLabel("I have saved my recovery codes").check();
  await page.getByRole("button", { name: "Continue to Disclose" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(`Signed in as ${person.name}.`);

  // Everything about it is on her account page and in the audit log.
  await page.goto(`${e2e.adminUrl}/account`);
  const history = page.getByRole("region", { name: /recovery/i });
  await expect(history).toContainText(/completed/i);
  await expect(history).toContainText("Demo Admin");
  await expect(history).toContainText("Demo PST Member 2");
  await pst.goto(`${e2e.adminUrl}/audit`);
  await expect(pst.getByRole("main")).toContainText(/recover/i);
});
