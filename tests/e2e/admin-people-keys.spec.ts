import { createDb } from "@disclose/db";
import { waitForSinkMessage } from "@disclose/email/sink-client";
import { expect, test } from "@playwright/test";
import { e2e } from "./stack";
import { followSignInLink, signInDemo, totpCode } from "./support/admin";

test("an admin invites a PST member, who enrols an authenticator and makes an OpenPGP key in the browser", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const email = `new-pst-${Date.now()}@example.test`;

  // The admin invites.
  await signInDemo(page, "admin@demo.disclose.test");
  await page.goto(`${e2e.adminUrl}/people`);
  await page.getByLabel(/^Name/).fill("New PST Member");
  await page.getByLabel(/^Email address/).fill(email);
  await page.getByLabel("PST member").check();
  await page.getByRole("button", { name: "Invite" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${email}.` })).toBeVisible();
  await expect(page.getByRole("table").getByText(email)).toBeVisible();
  await waitForSinkMessage({ baseUrl: e2e.sinkUrl, match: (m) => m.to.includes(email), timeoutMs: 20_000 });

  // The new member signs in and enrols an authenticator: nothing else opens before that.
  const member = await (await browser.newContext()).newPage();
  await followSignInLink(member, email);
  await expect(member).toHaveURL(/\/sign-in\/second-factor$/);
  const secret = (await member.getByTestId("totp-secret").innerText()).replaceAll(" ", "");
  await member.getByLabel(/^Code from your authenticator app/).fill(totpCode(secret));
  await member.getByRole("button", { name: "Confirm and continue" }).click();
  await expect(member.getByTestId("recovery-codes").getByRole("listitem")).toHaveCount(10);
  await member.getByLabel("I have saved my recovery codes").check();
  await member.getByRole("button", { name: "Continue to Disclose" }).click();
  await expect(member.getByTestId("signed-in-as")).toHaveText("Signed in as New PST Member.");

  // They make a key in the browser; only the locked private key leaves it.
  await member.goto(`${e2e.adminUrl}/keys`);
  await member.getByRole("button", { name: /Make a key in this browser/ }).click();
  await member.getByLabel(/^Passphrase\b(?! again)/).fill("correct horse battery staple");
  await member.getByLabel(/^Passphrase again/).fill("correct horse battery staple");
  await member.getByRole("button", { name: "Make, lock and upload my key" }).click();
  await expect(member.getByRole("heading", { name: "Your new key is registered" })).toBeVisible({
    timeout: 30_000,
  });

  const db = createDb(e2e.databaseUrl);
  try {
    const user = await db.user.findUniqueOrThrow({
      where: { email },
      include: { pgpKeys: true, totp: true },
    });
    expect(user.totp?.confirmedAt).not.toBeNull();
    expect(user.pgpKeys).toHaveLength(1);
    const key = user.pgpKeys[0];
    expect(key?.lockedPrivateKey).toContain("-----BEGIN PGP PRIVATE KEY BLOCK-----");
    // The portal now encrypts new reports to this key too.
    const keysFile = await (await fetch(`${e2e.portalUrl}/pgp-keys.asc`)).text();
    expect(keysFile).toContain(key?.armoredPublicKey.split("\n").find((l) => l.length > 40) ?? "missing");
  } finally {
    await db.$disconnect();
  }
});
