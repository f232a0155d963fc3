import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { adminRouter, portalRouter } from "@disclose/api";
import { createDb, type Db } from "@disclose/db";
import type { APIRequestContext, Page } from "@playwright/test";
import { e2e } from "./stack";
import { signInDemo } from "./support/admin";
import { fillRoute, handlerRoutes, paramsOf, type TApp } from "./support/routes";
import { expect, test } from "./support/test";

const BASE: Record<TApp, string> = { portal: e2e.portalUrl, admin: e2e.adminUrl };
const NUL = "\u0000";

let db: Db;
test.beforeAll(() => {
  db = createDb(e2e.databaseUrl);
});
test.afterAll(async () => {
  await db.$disconnect();
});

async function fillReport(page: Page, tag: string) {
  await page.getByLabel(/^Title/).fill(`Hostile input ${tag}`);
  await page.getByLabel(/^Affected component/).fill("plugin/limits");
  await page.getByLabel(/^Affected versions/).fill("2.0.0");
  await page.getByLabel(/^Description/).fill(`Typed before the error ${tag}`);
  await page.getByLabel(/^Steps to reproduce/).fill("1. Attach a big file");
  await page.getByLabel(/^Impact/).fill("None.");
  await page.getByLabel(/^Name or handle to credit/).fill("Kept Name");
}

async function reportsMentioning(tag: string): Promise<number> {
  return db.report.count({ where: { publicUrl: { contains: tag } } });
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a 29 MB file gets the form back with a clear message and everything typed kept", async ({ page }) => {
    test.setTimeout(60_000);
    const tag = randomBytes(4).toString("hex");
    const before = await db.report.count();
    await page.goto("/report");
    await fillReport(page, tag);
    await page.getByLabel(/^Attachments/).setInputFiles({
      name: "capture.pcap",
      mimeType: "application/octet-stream",
      buffer: Buffer.alloc(29 * 1024 * 1024, 7),
    });
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/report")),
      page.getByRole("button", { name: "Encrypt and send report" }).click(),
    ]);
    expect(await db.report.count()).toBe(before);
    expect(response.status()).toBe(200);
    const alert = page.getByRole("alert").first();
    await expect(alert).toContainText("Nothing was sent");
    await expect(alert).toContainText(/Attachments: .*25 MB/);
    await expect(alert).toContainText("choose your attachments again");
    await expect(page.getByLabel(/^Title/)).toHaveValue(`Hostile input ${tag}`);
    await expect(page.getByLabel(/^Description/)).toHaveValue(`Typed before the error ${tag}`);
    await expect(page.getByLabel(/^Name or handle to credit/)).toHaveValue("Kept Name");
  });

  test("a post too large to read at all is turned back to the form with a clear message", async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await page.goto("/report");
    await fillReport(page, "x");
    // Past what Playwright passes in memory: from a file.
    const video = test.info().outputPath("video.mp4");
    await writeFile(video, Buffer.alloc(65 * 1024 * 1024, 1));
    await page.getByLabel(/^Attachments/).setInputFiles(video);
    await page.getByRole("button", { name: "Encrypt and send report" }).click();
    await expect(page).toHaveURL(/\/report\?too-large=1$/);
    await expect(page.getByRole("alert").first()).toContainText("larger than we can receive");
    await expect(page.getByRole("alert").first()).toContainText("25 MB in total");
  });

  test("a NUL in the public link is refused at the field, never a server error", async ({ page }) => {
    const tag = randomBytes(4).toString("hex");
    await page.goto("/report");
    await fillReport(page, tag);
    await page.getByLabel("Yes, it is public").check();
    await page.getByLabel(/^Public link/).fill(`https://example.org/${tag}${NUL}x`);
    await page.getByRole("button", { name: "Encrypt and send report" }).click();
    await expect(page.getByRole("alert").first()).toContainText("NUL characters");
    await expect(page.getByLabel(/^Description/)).toHaveValue(`Typed before the error ${tag}`);
    expect(await reportsMentioning(tag)).toBe(0);
  });
});

test("with JavaScript, a NUL in the public link is refused with a clear 400, never a 500", async ({
  page,
}) => {
  const tag = randomBytes(4).toString("hex");
  await page.goto("/report");
  await fillReport(page, tag);
  await page.getByLabel("Yes, it is public").check();
  await page.getByLabel(/^Public link/).fill(`https://example.org/${tag}${NUL}x`);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/api/reports")),
    page.getByRole("button", { name: "Encrypt and send report" }).click(),
  ]);
  expect(response.status()).toBe(400);
  expect((await response.json()).error).toMatchObject({ field: "publicUrl" });
  await expect(page.getByRole("alert").first()).toContainText("NUL characters");
  expect(await reportsMentioning(tag)).toBe(0);
});

// Every route handler of both apps (found from the file tree) and every tRPC procedure (found from the
// routers), sent hostile paths, queries and bodies, anonymous and signed in: a refusal is a 4xx, never a 500.
const HOSTILE_SEGMENTS = [
  NUL,
  `x${NUL}y`,
  "a".repeat(4000),
  "../../etc/passwd",
  "\ud83d\udca9\u202e\u0301",
  "%",
  "0",
  "-1",
  "00000000-0000-4000-8000-000000000000",
];
const HOSTILE_BODIES: { label: string; contentType?: string; data: string | Buffer }[] = [
  { label: "invalid JSON", contentType: "application/json", data: '{"json": {' },
  { label: "JSON null", contentType: "application/json", data: "null" },
  { label: "an array", contentType: "application/json", data: "[1,2,3]" },
  { label: "NUL bytes", contentType: "application/json", data: Buffer.from([0, 0, 0, 123, 0]) },
  {
    label: "NUL in every string",
    contentType: "application/json",
    data: JSON.stringify({ json: { token: NUL, id: NUL, email: `a${NUL}@b.c`, reportId: NUL, code: NUL } }),
  },
  {
    label: "deep nesting",
    contentType: "application/json",
    data: `${"[".repeat(20_000)}${"]".repeat(20_000)}`,
  },
  {
    label: "a huge string",
    contentType: "application/json",
    data: JSON.stringify({ json: "x".repeat(60_000) }),
  },
  { label: "form data without a boundary", contentType: "multipart/form-data", data: "--x\r\n" },
  {
    label: "form data with NUL fields",
    contentType: "multipart/form-data; boundary=b",
    data: `--b\r\nContent-Disposition: form-data; name="publicUrl"\r\n\r\nhttps://e.org/${NUL}\r\n--b\r\nContent-Disposition: form-data; name="message"\r\n\r\n${NUL}\r\n--b--\r\n`,
  },
  {
    label: "a truncated multipart body",
    contentType: "multipart/form-data; boundary=b",
    data: "--b\r\nContent-Dis",
  },
  { label: "an urlencoded form", contentType: "application/x-www-form-urlencoded", data: `a=${NUL}&b=%00` },
  { label: "no content type", data: "just text" },
  {
    label: "lone surrogates",
    contentType: "application/json",
    data: '{"json":{"token":"\\ud800\\udfff\\ud800"}}',
  },
];

function segmentValues(app: TApp, route: string, signedIn: boolean): string[][] {
  const params = paramsOf(route);
  if (params.length === 0) return [[]];
  const router = app === "admin" ? adminRouter : portalRouter;
  // Signed in, a procedure without an input (signing out) would simply run: those are called anonymously only.
  const procedures = Object.entries(
    router._def.procedures as unknown as Record<string, { _def: { inputs: unknown[] } }>,
  )
    .filter(([, procedure]) => !signedIn || procedure._def.inputs.length > 0)
    .map(([path]) => path);
  // Real values first (every procedure; next-auth's actions), then hostile ones.
  const real: Record<string, string[]> = {
    trpc: procedures,
    nextauth: [
      "signin/email",
      "callback/email",
      "csrf",
      "session",
      "providers",
      ...(signedIn ? [] : ["signout"]),
    ],
  };
  const values = [...(real[params[0] as string] ?? []), ...HOSTILE_SEGMENTS];
  return values.map((v) => params.map(() => v));
}

async function hostileRequests(
  request: APIRequestContext,
  app: TApp,
  failures: string[],
  who: string,
): Promise<number> {
  let sent = 0;
  for (const { route, methods } of handlerRoutes(app)) {
    for (const values of segmentValues(app, route, who !== "anonymous")) {
      const params = paramsOf(route);
      const path = fillRoute(route, Object.fromEntries(params.map((p, i) => [p, values[i] as string])));
      const url = `${BASE[app]}${path}`;
      const attempts: { label: string; run: () => Promise<{ status(): number; text(): Promise<string> }> }[] =
        [];
      if (methods.includes("GET")) {
        for (const query of [
          "",
          `?input=${encodeURIComponent(`{"json":"${NUL}"}`)}`,
          "?input=%7B",
          "?x=%00",
        ]) {
          attempts.push({
            label: `GET${query}`,
            run: () => request.get(`${url}${query}`, { maxRedirects: 0 }),
          });
        }
      }
      for (const method of methods.filter((m) => m !== "GET" && m !== "HEAD")) {
        for (const body of HOSTILE_BODIES) {
          attempts.push({
            label: `${method} ${body.label}`,
            run: () =>
              request.fetch(url, {
                method,
                maxRedirects: 0,
                headers: {
                  Origin: BASE[app],
                  ...(body.contentType ? { "Content-Type": body.contentType } : {}),
                },
                data: body.data,
              }),
          });
        }
      }
      for (const attempt of attempts) {
        const response = await attempt.run();
        sent++;
        if (response.status() >= 500) {
          failures.push(
            `${who} ${app} ${path.slice(0, 120)} ${attempt.label}: ${response.status()} ${(await response.text()).slice(0, 200)}`,
          );
        }
      }
    }
  }
  return sent;
}

test("every route handler and procedure answers hostile input with a 4xx, never a 500", async ({
  playwright,
  page,
}) => {
  test.setTimeout(240_000);
  const failures: string[] = [];
  // Anonymous, from an address of its own (the portal's rate limits count per client).
  const anonymous = await playwright.request.newContext({
    extraHTTPHeaders: { "X-Forwarded-For": "192.0.2.77" },
  });
  let sent = 0;
  for (const app of ["portal", "admin"] as const)
    sent += await hostileRequests(anonymous, app, failures, "anonymous");
  await anonymous.dispose();
  // Signed in: the session's cookies go with every request of the page's context.
  await signInDemo(page, "fixer@demo.disclose.test");
  sent += await hostileRequests(page.request, "admin", failures, "signed in");
  expect(sent).toBeGreaterThan(500);
  expect(failures).toEqual([]);
});
