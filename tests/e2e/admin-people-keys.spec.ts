import { createDb } from "@disclose/db";

import { e2e } from "./stack";
import { inviteAndEnrol, makeKey, signInDemo } from "./support/admin";
import { expect, test } from "./support/test";

test("an admin invites a PST member, who enrols an authenticator and makes an OpenPGP key in the browser", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const email = `new-pst-${Date.now()}@example.test`;

  // The admin invites; the new member signs in and enrols an authenticator: nothing else opens before that.
  await signInDemo(page, "admin@demo.disclose.test");
  const member = await (await browser.newContext()).newPage();
  await inviteAndEnrol(page, member, { email, name: "New PST Member", pst: true });
  await expect(page.getByRole("table").getByText(email)).toBeVisible();

  // They make a key in the browser; only the locked private key leaves it.
  await makeKey(member, "correct horse battery staple");

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
