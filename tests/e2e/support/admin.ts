import { demoTotpSecret } from "@disclose/api/demo";
import { waitForSinkMessage } from "@disclose/email/sink-client";
import { expect, type Page } from "@playwright/test";
import { TOTP } from "otpauth";
import { e2e } from "../stack";

/** The code an authenticator shows for `secret` now. */
export function totpCode(secret: string): string {
  return new TOTP({ secret, digits: 6, period: 30 }).generate();
}

/** Asks for a sign-in link on the admin app and follows it from the SMTP sink. */
export async function followSignInLink(page: Page, email: string): Promise<void> {
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
