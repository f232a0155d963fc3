import { randomBytes } from "node:crypto";
import { DEMO_PGP_PASSPHRASE } from "@disclose/db/ops";
import { listSinkMessages } from "@disclose/email/sink-client";
import type { Page } from "@playwright/test";
import { e2e } from "./stack";
import { signInDemo, unlockKey } from "./support/admin";
import { fillRoute, handlerRoutes, pageRoutes, paramsOf, type TApp } from "./support/routes";
import { expect, test } from "./support/test";

// Every page and route handler of both apps, found from the file tree (support/routes.ts). Dynamic segments get
// a value no row has (the page's 404) unless a test has a real one. The `test` of ./support/test fails a test on
// any Content-Security-Policy violation in the browser.
const BASE: Record<TApp, string> = { portal: e2e.portalUrl, admin: e2e.adminUrl };
const APPS: TApp[] = ["portal", "admin"];
const NO_ROW = "00000000-0000-4000-8000-000000000000";
const PLACEHOLDERS: Record<string, string> = { nextauth: "session", trpc: "health.check" };

function placeholderValues(route: string): Record<string, string> {
  return Object.fromEntries(paramsOf(route).map((name) => [name, PLACEHOLDERS[name] ?? NO_ROW]));
}

/** Case data: every admin response, and the portal's tracking pages and API. */
function carriesCaseData(app: TApp, path: string): boolean {
  return app === "admin" || path.startsWith("/track/") || path.startsWith("/api/");
}

function directivesOf(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name as string, values]),
  );
}

/** The policy the issue asks for, and nothing that would let an injected script run. */
function expectStrictPolicy(csp: string | undefined, where: string): string {
  expect(csp, `${where} sends a Content-Security-Policy`).toBeTruthy();
  const directives = directivesOf(csp as string);
  const script = directives.get("script-src") ?? [];
  const nonce = script.find((v) => v.startsWith("'nonce-"))?.slice(7, -1);
  expect(nonce, `${where}: script-src has a nonce`).toMatch(/^[A-Za-z0-9+/]{22,}={0,2}$/);
  expect(script, where).toContain("'strict-dynamic'");
  expect(
    script.filter((v) => ["'unsafe-inline'", "'unsafe-eval'", "*", "data:"].includes(v)),
    where,
  ).toEqual([]);
  expect(directives.get("style-src") ?? [], where).not.toContain("'unsafe-inline'");
  expect(directives.get("object-src"), where).toEqual(["'none'"]);
  expect(directives.get("base-uri"), where).toEqual(["'none'"]);
  expect(directives.get("frame-ancestors"), where).toEqual(["'none'"]);
  expect(directives.get("form-action"), where).toEqual(["'self'"]);
  expect(directives.get("default-src"), where).toEqual(["'self'"]);
  expect(directives.get("connect-src"), where).toEqual(["'self'"]);
  return nonce as string;
}

test("every page of both apps sends a nonce-based CSP on its every script, and no-store where it shows case data", async ({
  request,
}) => {
  const seen: string[] = [];
  for (const app of APPS) {
    const routes = pageRoutes(app);
    expect(routes.length, `${app} has pages`).toBeGreaterThan(2);
    for (const route of routes) {
      const path = fillRoute(route, placeholderValues(route));
      const where = `${app} ${path}`;
      const response = await request.get(`${BASE[app]}${path}`, { maxRedirects: 0 });
      expect(response.status(), where).toBeLessThan(500);
      const headers = response.headers();
      const nonce = expectStrictPolicy(headers["content-security-policy"], where);
      if (carriesCaseData(app, path)) expect(headers["cache-control"], where).toContain("no-store");
      // Over plain http (this stack) no HSTS: a browser ignores it there, and it would pin a host that has no TLS.
      expect(headers["strict-transport-security"], where).toBeUndefined();
      if (response.status() === 200 && headers["content-type"]?.startsWith("text/html")) {
        const html = await response.text();
        const scripts = html.match(/<script\b[^>]*>/g) ?? [];
        expect(scripts.length, `${where} has scripts`).toBeGreaterThan(0);
        for (const tag of scripts) expect(tag, where).toContain(`nonce="${nonce}"`);
      }
      // A fresh nonce for every response.
      const again = await request.get(`${BASE[app]}${path}`, { maxRedirects: 0 });
      expect(again.headers()["content-security-policy"], where).not.toBe(headers["content-security-policy"]);
      seen.push(where);
    }
  }
  expect(seen).toContain("portal /report");
  expect(seen).toContain("admin /inbox");
});

// HSTS over https is tested on the proxy itself (apps/admin/src/security): this stack is plain http. What can be
// tested here: without TRUST_PROXY, a client claiming https through X-Forwarded-Proto is not believed.
test("a client cannot claim https for itself: no HSTS from a spoofed X-Forwarded-Proto", async ({
  request,
}) => {
  for (const app of APPS) {
    for (const route of pageRoutes(app)) {
      const path = fillRoute(route, placeholderValues(route));
      const response = await request.get(`${BASE[app]}${path}`, {
        maxRedirects: 0,
        headers: { "X-Forwarded-Proto": "https" },
      });
      expect(response.headers()["strict-transport-security"], `${app} ${path}`).toBeUndefined();
    }
  }
});

test("every route handler answers no-store where it carries case data", async ({ request }) => {
  for (const app of APPS) {
    for (const { route, methods } of handlerRoutes(app)) {
      if (!methods.includes("GET")) continue;
      const path = fillRoute(route, placeholderValues(route));
      const response = await request.get(`${BASE[app]}${path}`, { maxRedirects: 0 });
      expect(response.status(), `${app} ${path}`).toBeLessThan(500);
      if (carriesCaseData(app, path)) {
        expect(response.headers()["cache-control"], `${app} ${path}`).toContain("no-store");
      }
    }
  }
});

/** Visits every page of `app` (real values where given), waiting until the app's scripts have run. */
/**
 * Every page of an app, with the given values for its route parameters and with placeholders. Each path once: a
 * page without parameters is the same page either way. `onlyWithParams`: only the pages the values change.
 */
async function visitEveryPage(
  page: Page,
  app: TApp,
  values: Record<string, string> = {},
  { onlyWithParams = false } = {},
): Promise<void> {
  const paths = new Set<string>();
  for (const route of pageRoutes(app)) {
    if (onlyWithParams && paramsOf(route).length === 0) continue;
    paths.add(fillRoute(route, { ...placeholderValues(route), ...values }));
    paths.add(fillRoute(route, placeholderValues(route)));
  }
  for (const path of paths) {
    const response = await page.goto(`${BASE[app]}${path}`);
    expect(response?.status(), `${app} ${path}`).toBeLessThan(500);
    // Next's runtime ran (a script blocked by the policy would have stopped it, and been reported).
    await page.waitForFunction(() => "next" in window, undefined, { timeout: 10_000 });
    await page.waitForLoadState("networkidle");
  }
}

// Every page, one after the other: the admin app has ~30 of them, each waiting for its scripts and the network.
test("no page of the portal raises a CSP violation for a visitor", async ({ page }) => {
  test.setTimeout(120_000);
  await visitEveryPage(page, "portal");
});

test("no admin page raises a CSP violation for a visitor without a session", async ({ page }) => {
  test.setTimeout(120_000);
  await visitEveryPage(page, "admin");
});

async function submitReportWithJavaScript(page: Page, tag: string): Promise<string> {
  await page.goto(`${e2e.portalUrl}/report`);
  await page.getByLabel(/^Title/).fill(`CSP check ${tag}`);
  await page.getByLabel(/^Affected component/).fill("plugin/csp");
  await page.getByLabel(/^Affected versions/).fill("1.0.0");
  await page.getByLabel(/^Description/).fill("Checked under the Content-Security-Policy.");
  await page.getByLabel(/^Steps to reproduce/).fill("Open every page.");
  await page.getByLabel(/^Impact/).fill("None.");
  await page.getByLabel(/^Name or handle to credit/).fill("Policy");
  await page.getByLabel(/^Attachments/).setInputFiles({
    name: "poc.txt",
    mimeType: "text/plain",
    buffer: Buffer.from(`proof ${tag}\n`),
  });
  await page.getByRole("button", { name: "Encrypt and send report" }).click();
  return page.getByLabel("Your private tracking link").inputValue();
}

async function latestMailId(): Promise<string> {
  const messages = await listSinkMessages({ baseUrl: e2e.sinkUrl });
  const id = messages.at(-1)?.id ?? messages[0]?.id;
  if (!id) throw new Error("the development mailbox is empty");
  return id;
}

test("OpenPGP.js works under the policy: a report encrypted in the browser, read on the tracking page and by the PST; every page signed in", async ({
  page,
  browser,
  request,
}) => {
  // Every page of both apps, for two readers and an admin: about 3 minutes on a loaded 2-core machine, so the
  // limit leaves room for a slower one.
  test.setTimeout(600_000);
  const tag = randomBytes(4).toString("hex");
  // The reporter: the form encrypts in the browser (OpenPGP.js loads on submit); the tracking page decrypts what
  // was sent with the link's key and encrypts a reply.
  const reporter = await (await browser.newContext()).newPage();
  const link = await submitReportWithJavaScript(reporter, tag);
  await reporter.goto(link);
  await expect(reporter.getByTestId("sent-report")).toContainText(`CSP check ${tag}`);
  await reporter.getByLabel("Write to the security team").fill(`A reply under the policy ${tag}`);
  await reporter.getByRole("button", { name: "Encrypt and send" }).click();
  await expect(reporter.getByText(`A reply under the policy ${tag}`)).toBeVisible();
  const token = new URL(link).pathname.split("/").pop() as string;
  await visitEveryPage(reporter, "portal", { token });
  // The tracking page's own headers: no-store.
  const tracking = await request.get(`${e2e.portalUrl}/track/${token}`);
  expect(tracking.headers()["cache-control"]).toContain("no-store");

  // A PST member opens the report and unlocks their key: decrypted in the browser.
  const reportId = token.split(".")[0] as string;
  await signInDemo(page, "pst1@demo.disclose.test");
  await page.goto(`${e2e.adminUrl}/reports/${reportId}`);
  await unlockKey(page, DEMO_PGP_PASSPHRASE);
  await expect(page.getByTestId("report-title")).toHaveText(`CSP check ${tag}`);
  await visitEveryPage(page, "admin", { id: reportId });
  await visitEveryPage(page, "admin", { id: await latestMailId() }, { onlyWithParams: true });

  // An admin sees the people, organisation and settings pages with their forms.
  const admin = await (await browser.newContext()).newPage();
  await signInDemo(admin, "admin@demo.disclose.test");
  await visitEveryPage(admin, "admin", { id: reportId });
});

test("a policy sent by the client is replaced, never trusted for the nonce", async ({ request }) => {
  const response = await request.get(`${e2e.portalUrl}/report`, {
    headers: { "Content-Security-Policy": "script-src 'nonce-chosenbyattacker' *" },
  });
  const nonce = expectStrictPolicy(response.headers()["content-security-policy"], "portal /report");
  expect(nonce).not.toBe("chosenbyattacker");
  expect(await response.text()).not.toContain("chosenbyattacker");
});
