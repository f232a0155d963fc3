import { demoTotpSecret } from "@disclose/api/demo";
import { waitForSinkMessage } from "@disclose/email/sink-client";
import { expect, type Page } from "@playwright/test";
import { TOTP } from "otpauth";
import { e2e } from "../stack";
import { forgetSignInLinkLimits } from "./database";

/** The code an authenticator shows for `secret` now. */
export function totpCode(secret: string): string {
  return new TOTP({ secret, digits: 6, period: 30 }).generate();
}

/** Asks for a sign-in link on the admin app and follows it from the SMTP sink. */
export async function followSignInLink(page: Page, email: string): Promise<void> {
  await forgetSignInLinkLimits(e2e.databaseUrl);
  const since = new Date().toISOString();
  await page.goto(`${e2e.adminUrl}/sign-in`);
  await page.getByLabel(/^Email address/).fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const mail = await waitForSinkMessage({
    baseUrl: e2e.sinkUrl,
    match: (m) => m.to.includes(email) && m.subject === "Sign in to Disclose" && m.receivedAt >= since,
    timeoutMs: 20_000,
  });
  const link = mail.text?.match(/https?:\/\/\S+\/api\/auth\/callback\/email\S+/)?.[0];
  expect(link, "the email holds a sign-in link").toBeTruthy();
  await page.goto(link as string);
}

/**
 * Signs a demo account in, second factor included. A code works once per account, so when an earlier test
 * used this account's current code, it waits for the next one.
 */
export async function signInDemo(page: Page, email: string): Promise<void> {
  await followSignInLink(page, email);
  for (let attempt = 0; attempt < 2; attempt++) {
    await page.getByLabel(/^Code/).fill(totpCode(demoTotpSecret(email)));
    await page.getByRole("button", { name: "Continue" }).click();
    const outcome = await Promise.race([
      page
        .getByTestId("signed-in-as")
        .waitFor()
        .then(() => "in" as const),
      page
        .getByText("That code is not right")
        .waitFor()
        .then(() => "replayed" as const),
    ]);
    if (outcome === "in") return;
    await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 500);
  }
  throw new Error(`could not sign in as ${email}`);
}

/**
 * An admin (signed in on `adminPage`) invites a person, who signs in on `page` and enrols an authenticator
 * and recovery codes, as a new user does.
 */
export async function inviteAndEnrol(
  adminPage: Page,
  page: Page,
  person: { email: string; name: string; pst?: boolean },
): Promise<void> {
  await adminPage.goto(`${e2e.adminUrl}/people`);
  await adminPage.getByLabel(/^Name/).fill(person.name);
  await adminPage.getByLabel(/^Email address/).fill(person.email);
  // The form starts with "PST member" ticked: an engineer is someone without it.
  await adminPage.getByLabel("PST member").setChecked(person.pst ?? false);
  await adminPage.getByRole("button", { name: "Invite" }).click();
  await expect(
    adminPage.getByRole("status").filter({ hasText: `Invitation sent to ${person.email}.` }),
  ).toBeVisible();
  await enrolInvited(page, person);
}

/** A person with a new account follows their sign-in link and enrols an authenticator and recovery codes. */
export async function enrolInvited(page: Page, person: { email: string; name: string }): Promise<void> {
  await followSignInLink(page, person.email);
  await expect(page).toHaveURL(/\/sign-in\/second-factor$/);
  const secret = (await page.getByTestId("totp-secret").innerText()).replaceAll(" ", "");
  await page.getByLabel(/^Code from your authenticator app/).fill(totpCode(secret));
  await page.getByRole("button", { name: "Confirm and continue" }).click();
  await expect(page.getByTestId("recovery-codes").getByRole("listitem")).toHaveCount(10);
  await page.getByLabel("I have saved my recovery codes").check();
  await page.getByRole("button", { name: "Continue to Disclose" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(`Signed in as ${person.name}.`);
}

/** Makes an OpenPGP key in the browser on the Keys page, locked with `passphrase`. */
export async function makeKey(page: Page, passphrase: string): Promise<void> {
  await page.goto(`${e2e.adminUrl}/keys`);
  await page.getByRole("button", { name: /Make a key in this browser/ }).click();
  await page.getByLabel(/^Passphrase\b(?! again)/).fill(passphrase);
  await page.getByLabel(/^Passphrase again/).fill(passphrase);
  await page.getByRole("button", { name: "Make, lock and upload my key" }).click();
  await expect(page.getByRole("heading", { name: "Your new key is registered" })).toBeVisible({
    timeout: 30_000,
  });
}

/** Unlocks the tab's key from the panel a page shows when it needs it. */
export async function unlockKey(page: Page, passphrase: string): Promise<void> {
  await page.getByLabel(/^Key passphrase/).fill(passphrase);
  await page.getByRole("button", { name: "Unlock key" }).click();
}

/** On a report's page: acknowledge (with an encrypted message to the reporter, if given), then accept. */
export async function acknowledgeAndAccept(page: Page, message?: string): Promise<void> {
  await page.getByRole("button", { name: "Acknowledge" }).click();
  if (message) await page.getByLabel(/^Message to the reporter/).fill(message);
  await page.getByRole("form", { name: "Acknowledge" }).getByRole("button", { name: "Acknowledge" }).click();
  await expect(page.getByTestId("report-state")).toHaveText("In triage");
  await page.getByRole("button", { name: "Accept" }).click();
  await page.getByRole("form", { name: "Accept" }).getByRole("button", { name: "Accept" }).click();
  await expect(page.getByTestId("report-state")).toHaveText("Accepted");
}
