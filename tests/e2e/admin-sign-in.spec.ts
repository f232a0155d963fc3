import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { demoTotpSecret } from "@disclose/api/demo";
import { createDb } from "@disclose/db";
import { waitForSinkMessage } from "@disclose/email/sink-client";
import type { Browser, Page } from "@playwright/test";
import { TOTP } from "otpauth";
import { e2e } from "./stack";
import { signInDemo } from "./support/admin";
import { expect, test } from "./support/test";

const PST1 = "pst1@demo.disclose.test";

function totpNow(email: string): string {
  return new TOTP({ secret: demoTotpSecret(email), digits: 6, period: 30 }).generate();
}

/** Asks for a link on the sign-in page and returns it, read from the SMTP sink. */
async function requestSignInLink(page: Page, email: string): Promise<string> {
  const since = new Date().toISOString();
  await page.goto(`${e2e.adminUrl}/`);
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByLabel(/^Email address/).fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const message = await waitForSinkMessage({
    baseUrl: e2e.sinkUrl,
    match: (m) => m.to.includes(email) && m.subject === "Sign in to Disclose" && m.receivedAt >= since,
    timeoutMs: 20_000,
  });
  const link = message.text?.match(/https?:\/\/\S+\/api\/auth\/callback\/email\S+/)?.[0];
  expect(link, "the email holds a sign-in link").toBeTruthy();
  return link as string;
}

async function freshPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

test("a PST member signs in with an email link and an authenticator code; the link works once", async ({
  page,
  browser,
}) => {
  const link = await requestSignInLink(page, PST1);
  await page.goto(link);
  await expect(page).toHaveURL(/\/sign-in\/second-factor$/);

  // The session cookie cannot be read by scripts and is not sent on cross-site requests.
  const cookie = (await page.context().cookies()).find((c) => c.name.endsWith("next-auth.session-token"));
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });

  // Before the second factor, nothing else opens.
  await page.goto(`${e2e.adminUrl}/`);
  await expect(page).toHaveURL(/\/sign-in\/second-factor$/);
  const api = await page.request.get(`${e2e.adminUrl}/api/trpc/account.me`);
  expect(api.status()).toBe(401);

  await page.getByLabel(/^Code/).fill("000000");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText("That code is not right")).toBeVisible();
  await page.getByLabel(/^Code/).fill(totpNow(PST1));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText("Signed in as Demo PST Member 1.");
  // A PST member starts where the work is, not on an empty page.
  await expect(page).toHaveURL(/\/inbox$/);
  // An unknown address gets the app's own page, with a way back.
  await page.goto(`${e2e.adminUrl}/no-such-page`);
  await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  await page.getByRole("link", { name: "Back to the start page" }).click();
  await expect(page).toHaveURL(/\/inbox$/);

  // The same link again, in another browser: refused.
  const other = await freshPage(browser);
  await other.goto(link);
  await expect(other).toHaveURL(/\/sign-in\?error=Verification/);
  await expect(other.getByRole("alert").filter({ hasText: "Could not sign in" })).toContainText(
    "expired or was used already",
  );
});

test("an expired sign-in link is refused", async ({ page }) => {
  const secret = readFileSync(path.join(e2e.dataDir, "auth-secret"), "utf8").trim();
  const token = randomBytes(32).toString("hex");
  const db = createDb(e2e.databaseUrl);
  try {
    await db.verificationToken.create({
      data: {
        identifier: PST1,
        // As next-auth stores it: sha256 of the token and the secret.
        token: createHash("sha256").update(`${token}${secret}`).digest("hex"),
        expires: new Date(Date.now() - 1000),
      },
    });
  } finally {
    await db.$disconnect();
  }
  await page.goto(
    `${e2e.adminUrl}/api/auth/callback/email?callbackUrl=${encodeURIComponent(e2e.adminUrl)}&token=${token}&email=${encodeURIComponent(PST1)}`,
  );
  await expect(page).toHaveURL(/\/sign-in\?error=Verification/);
});

test("an address without an account gets the same answer and no email", async ({ page }) => {
  await page.goto(`${e2e.adminUrl}/sign-in`);
  const since = new Date().toISOString();
  await page.getByLabel(/^Email address/).fill("stranger@example.test");
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(
    waitForSinkMessage({
      baseUrl: e2e.sinkUrl,
      match: (m) => m.to.includes("stranger@example.test") && m.receivedAt >= since,
      timeoutMs: 3_000,
    }),
  ).rejects.toThrow(/no matching message/);
});

test("sign out everywhere ends the session at once, wherever its cookie is", async ({ page, browser }) => {
  await signInDemo(page, "admin@demo.disclose.test");
  const cookies = await page.context().cookies();

  // The header's (an admin lands on People, where each person has one of their own).
  await page.getByRole("banner").getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);

  // A copy of the cookie (another browser, a stolen one) no longer opens anything.
  const copy = await browser.newContext();
  await copy.addCookies(cookies);
  const other = await copy.newPage();
  await other.goto(`${e2e.adminUrl}/`);
  await expect(other).toHaveURL(/\/sign-in$/);
  expect((await other.request.get(`${e2e.adminUrl}/api/trpc/account.me`)).status()).toBe(401);
});
