import { createDb } from "@disclose/db";
import { clearSinkMessages, enqueueEmail } from "@disclose/email";

import { e2e } from "./stack";
import { expect, test } from "./support/test";

test.describe("both apps are up and talk to the database", () => {
  test("portal home page answers 200 and shows the database as OK", async ({ page }) => {
    const response = await page.goto(e2e.portalUrl);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("status")).toHaveText(/Database: OK/);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  });

  test("admin home page sends a visitor without a session to sign in", async ({ page }) => {
    const response = await page.goto(e2e.adminUrl);
    expect(response?.status()).toBe(200);
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  });

  for (const [name, url] of [
    ["portal", e2e.portalUrl],
    ["admin", e2e.adminUrl],
  ] as const) {
    test(`${name} health query round-trips over tRPC HTTP`, async ({ request }) => {
      const response = await request.get(`${url}/api/trpc/health.check`);
      expect(response.status()).toBe(200);
      const body = await response.json();
      expect(body.result.data.json.database.ok).toBe(true);
    });
  }
});

test.describe("cross-site requests are refused", () => {
  const evil = "https://attacker.example";

  for (const [name, url] of [
    ["portal", e2e.portalUrl],
    ["admin", e2e.adminUrl],
  ] as const) {
    test(`${name}: a cross-site multipart/form-data POST gets 403`, async ({ request }) => {
      const response = await request.post(`${url}/api/trpc/account.signOut`, {
        headers: { Origin: evil },
        multipart: { input: '{"json":null}' },
      });
      expect(response.status()).toBe(403);
    });

    test(`${name}: a POST without any Origin gets 403`, async ({ request }) => {
      const response = await request.post(`${url}/api/trpc/health.check`, {
        headers: { "Content-Type": "application/json" },
        data: {},
      });
      expect(response.status()).toBe(403);
    });
  }

  test("a same-origin mutation passes the origin check and meets the session check instead", async ({
    request,
  }) => {
    const response = await request.post(`${e2e.adminUrl}/api/trpc/account.signOut`, {
      headers: { Origin: e2e.adminUrl, "Content-Type": "application/json" },
      data: {},
    });
    expect(response.status()).toBe(401);
  });

  test("a form posted from another site in a real browser is refused", async ({ page }) => {
    // The attacker's page, on an origin of its own (served by the browser's request interception; our own pages'
    // Content-Security-Policy, form-action 'self', would not even let such a form leave them).
    await page.route("http://attacker.example/", (route) =>
      route.fulfill({
        contentType: "text/html",
        body: "<!doctype html><title>Attacker</title><body></body>",
      }),
    );
    await page.goto("http://attacker.example/");
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().startsWith(`${e2e.adminUrl}/api/trpc/`)),
      page.evaluate((target) => {
        const form = document.createElement("form");
        form.method = "POST";
        form.enctype = "multipart/form-data";
        form.action = `${target}/api/trpc/account.signOut`;
        const input = document.createElement("input");
        input.name = "input";
        input.value = "{}";
        form.append(input);
        document.body.append(form);
        form.submit();
      }, e2e.adminUrl),
    ]);
    expect(response.status()).toBe(403);
  });
});

test("an email written to the outbox is delivered by the worker and readable in the dev mailbox", async ({
  page,
}) => {
  await clearSinkMessages({ baseUrl: e2e.sinkUrl });
  const subject = `Outbox check ${Date.now()}`;
  const db = createDb(e2e.databaseUrl);
  try {
    await db.$transaction((tx) =>
      enqueueEmail(tx, { to: "pst1@demo.disclose.test", subject, text: "Delivered through the outbox." }),
    );
  } finally {
    await db.$disconnect();
  }

  await page.goto(`${e2e.adminUrl}/dev/mailbox`);
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("link", { name: subject })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await page.getByRole("link", { name: subject }).click();
  await expect(page.getByRole("heading", { level: 1, name: subject })).toBeVisible();
  await expect(page.getByTestId("mail-text")).toContainText("Delivered through the outbox.");
});
