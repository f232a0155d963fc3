import { randomBytes } from "node:crypto";
import { encryptText } from "@disclose/crypto";
import { createDb, type Db } from "@disclose/db";
import { getDemoPrivateKeys } from "@disclose/db/ops";
import { waitForSinkMessage } from "@disclose/email/sink-client";
import type { Page } from "@playwright/test";
import { e2e } from "./stack";
import { newLoopbackClient, postFrom } from "./support/client-address";
import { findInDatabase } from "./support/database";
import { gpgDecrypt } from "./support/gpg";
import { expect, test } from "./support/test";

let db: Db;
test.beforeAll(() => {
  db = createDb(e2e.databaseUrl);
});
test.afterAll(async () => {
  await db.$disconnect();
});

function marker(): string {
  return `MARKER-${randomBytes(8).toString("hex")}`;
}

async function fillReport(page: Page, secret: string) {
  await page.getByLabel(/^Title/).fill(`Cache poisoning ${secret}`);
  await page.getByLabel(/^Affected component/).fill("plugin/cache");
  await page.getByLabel(/^Affected versions/).fill("1.11.0 – 1.11.3");
  await page.getByLabel(/^Description/).fill(`The cache trusts unsigned answers. ${secret}`);
  await page.getByLabel(/^Steps to reproduce/).fill("1. Start a server\n2. Send the attached query");
  await page.getByLabel(/^Impact/).fill("Remote cache poisoning.");
  await page.getByLabel(/^Name or handle to credit/).fill("Ada Reporter");
}

async function storedReport(reportId: string) {
  return db.report.findUniqueOrThrow({
    where: { id: reportId },
    include: { attachments: { orderBy: { position: "asc" } } },
  });
}

async function decryptAsPst(message: string | Uint8Array): Promise<Buffer> {
  const [key] = await getDemoPrivateKeys(db);
  if (!key) throw new Error("no demo PST key seeded");
  return gpgDecrypt({ message, privateKey: key.lockedPrivateKey, passphrase: key.passphrase });
}

function reportIdOf(trackingLink: string): string {
  const token = new URL(trackingLink).pathname.split("/").pop()!;
  return token.split(".")[0]!;
}

test("a report with an attachment is encrypted in the browser, stored as ciphertext only, and decrypts with gpg", async ({
  page,
}) => {
  const secret = marker();
  const attachment = Buffer.from(`proof of concept ${secret}\n`.repeat(200));
  await page.goto("/report");
  await fillReport(page, secret);
  await page.getByLabel(/^Attachments/).setInputFiles({
    name: "poc.py",
    mimeType: "text/x-python",
    buffer: attachment,
  });
  await page.getByRole("button", { name: "Encrypt and send report" }).click();

  const link = await page.getByLabel("Your private tracking link").inputValue();
  expect(link).toMatch(/\/track\/[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}#[A-Za-z0-9_-]{43}$/);
  await expect(page.getByTestId("receipt-encryption")).toContainText("encrypted in this browser");
  await expect(page.getByRole("button", { name: "Copy link" })).toBeVisible();

  expect(await findInDatabase(e2e.databaseUrl, secret)).toEqual([]);

  const report = await storedReport(reportIdOf(link));
  expect(report.encryption).toBe("browser");
  const content = JSON.parse((await decryptAsPst(report.ciphertext)).toString("utf8"));
  expect(content).toMatchObject({
    title: `Cache poisoning ${secret}`,
    component: "plugin/cache",
    affectedVersions: "1.11.0 – 1.11.3",
    description: `The cache trusts unsigned answers. ${secret}`,
    stepsToReproduce: "1. Start a server\n2. Send the attached query",
    impact: "Remote cache poisoning.",
    credit: { mode: "named", name: "Ada Reporter" },
    attachments: [{ name: "poc.py", size: attachment.length }],
  });
  expect(report.attachments).toHaveLength(1);
  expect(await decryptAsPst(report.attachments[0]!.ciphertext)).toEqual(attachment);

  // The PST is told at once, by email, with nothing of the report in it.
  const shortId = reportIdOf(link).slice(0, 8);
  for (const member of ["pst1@demo.disclose.test", "pst2@demo.disclose.test"]) {
    const alert = await waitForSinkMessage({
      baseUrl: e2e.sinkUrl,
      match: (m) => m.to.includes(member) && m.subject === `New security report (report ${shortId})`,
      timeoutMs: 20_000,
    });
    expect(alert.text).toContain(`${e2e.adminUrl}/reports/${reportIdOf(link)}`);
    expect(alert.text).not.toContain(secret);
  }

  // The tracking page: state in plain words, a two-way encrypted thread, and what the reporter sent.
  await page.goto(link);
  await expect(page.getByTestId("report-state")).toHaveText(/Received/);
  const sent = page.getByTestId("sent-report");
  await expect(sent).toContainText(`Cache poisoning ${secret}`);
  await expect(sent).toContainText("You asked to be credited as Ada Reporter");
  await expect(sent).toContainText("poc.py");
  const reply = `A question from the reporter ${marker()}`;
  await page.getByLabel("Write to the security team").fill(reply);
  await page.getByRole("button", { name: "Encrypt and send" }).click();
  // Shown at once, as the reporter wrote it (no reload).
  await expect(page.getByRole("list", { name: "Messages, oldest first" }).getByText(reply)).toBeVisible();
  const stored = await db.reportMessage.findFirstOrThrow({
    where: { reportId: report.id, author: "reporter" },
  });
  expect((await decryptAsPst(stored.ciphertext)).toString("utf8")).toContain(reply);

  const answer = `Thanks, we can reproduce it. ${marker()}`;
  await db.reportMessage.create({
    data: {
      reportId: report.id,
      author: "pst",
      ciphertext: await encryptText(answer, [report.reporterPublicKey]),
    },
  });
  // The case the report became, with its CVE on its vulnerability.
  await db.case.create({
    data: { id: report.id, vulnerabilities: { create: { position: 1, cveId: "CVE-2026-12345" } } },
  });
  await db.report.update({
    where: { id: report.id },
    // The answer above has no key packets of its own: indexed (as an older message) on the next view.
    data: { state: "fix-in-progress", caseId: report.id, keyPacketsIndexed: false },
  });
  await page.reload();
  await expect(page.getByTestId("report-state")).toHaveText(/Fix in progress/);
  await expect(page.getByText("CVE-2026-12345")).toBeVisible();
  await expect(page.getByText(answer)).toBeVisible();
});

test("a wrong, truncated or unknown tracking token gets the same 404 as a missing report", async ({
  page,
}) => {
  const real = await db.report.findFirstOrThrow({ select: { id: true } });
  const secret = randomBytes(32).toString("base64url");
  const tokens = [
    `${real.id}.${secret}`, // right report, wrong secret
    `${real.id}.${secret.slice(0, 20)}`, // truncated
    `${real.id}`, // no secret
    `00000000-0000-4000-8000-000000000000.${secret}`, // no such report
    "not-a-token",
    `${real.id}.${secret}x`,
  ];
  const pages = new Set<string>();
  for (const token of tokens) {
    const response = await page.goto(`/track/${encodeURIComponent(token)}`);
    expect(response?.status(), token).toBe(404);
    pages.add((await page.locator("main").textContent()) ?? "");
  }
  // The same page whichever way the token is wrong: nothing tells a guesser which part was right.
  expect(pages.size).toBe(1);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the form still submits; the server encrypts on receipt and keeps no plaintext", async ({ page }) => {
    const secret = marker();
    await page.goto("/report");
    await fillReport(page, secret);
    await page.getByRole("button", { name: "Encrypt and send report" }).click();
    const link = await page.getByLabel("Your private tracking link").inputValue();
    // The receipt tells what really happened, and offers nothing that needs JavaScript.
    await expect(page.getByTestId("receipt-encryption")).toContainText("our server encrypted it");
    await expect(page.getByTestId("receipt-encryption")).not.toContainText("in this browser");
    await expect(page.getByRole("button", { name: "Copy link" })).toHaveCount(0);

    expect(await findInDatabase(e2e.databaseUrl, secret)).toEqual([]);
    const report = await storedReport(reportIdOf(link));
    expect(report.encryption).toBe("server");
    const content = JSON.parse((await decryptAsPst(report.ciphertext)).toString("utf8"));
    expect(content.description).toBe(`The cache trusts unsigned answers. ${secret}`);

    await page.goto(link);
    await expect(page.getByTestId("report-state")).toHaveText(/Received/);
  });

  test("an error keeps everything typed", async ({ page }) => {
    await page.goto("/report");
    await page.getByLabel(/^Title/).fill("x".repeat(201));
    await page.getByLabel(/^Description/).fill("kept after the error");
    await page.getByRole("button", { name: "Encrypt and send report" }).click();
    await expect(page.getByRole("alert").first()).toBeVisible();
    await expect(page.getByLabel(/^Description/)).toHaveValue("kept after the error");
    expect(await db.report.count({ where: { ciphertext: { contains: "kept after the error" } } })).toBe(0);
  });
});

test("a pasted armored PGP message is stored exactly as sent", async ({ page }) => {
  const keys = await db.pgpKey.findMany({
    where: { retiredAt: null, user: { roles: { some: { role: "PST_MEMBER" } } } },
  });
  const armored = await encryptText(
    `My own encrypted report ${marker()}`,
    keys.map((k) => k.armoredPublicKey),
  );
  await page.goto("/report");
  await page.getByLabel(/Paste a PGP message I encrypted myself/).check();
  await page.getByLabel(/^Your PGP message/).fill(armored);
  await page.getByRole("button", { name: "Encrypt and send report" }).click();
  const link = await page.getByLabel("Your private tracking link").inputValue();
  const report = await storedReport(reportIdOf(link));
  expect(report.encryption).toBe("reporter-armored");
  expect(report.ciphertext).toBe(armored);
});

test.describe("limits give clear errors", () => {
  test("an oversized submission is refused with 413 before its body is read", async ({ request }) => {
    const response = await request.post("/api/reports", {
      headers: {
        Origin: e2e.portalUrl,
        "Content-Type": "multipart/form-data; boundary=x",
      },
      data: Buffer.alloc(30 * 1024 * 1024, 1),
    });
    expect(response.status()).toBe(413);
    expect((await response.json()).error.message).toMatch(/MB/);
  });

  test("a flood from one client is rate limited with Retry-After, and earlier reports stay", async () => {
    const before = await db.report.count();
    const client = newLoopbackClient();
    const statuses: number[] = [];
    let retryAfter: string | string[] | undefined;
    for (let i = 0; i < 12; i++) {
      const form = new FormData();
      form.set("message", "not a pgp message");
      form.set("website", "");
      // A new X-Forwarded-For each time changes nothing: the connection's address is the client's.
      const response = await postFrom(client, `${e2e.portalUrl}/api/reports`, {
        form,
        headers: { Origin: e2e.portalUrl, "X-Forwarded-For": `198.51.100.${i + 1}` },
      });
      statuses.push(response.status);
      if (response.status === 429) {
        retryAfter = response.headers["retry-after"];
        expect(JSON.parse(response.body).error.message).toMatch(/try again/i);
      }
    }
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(await db.report.count()).toBe(before);
  });

  test("the honeypot field refuses bots", async () => {
    const form = new FormData();
    form.set("message", "x");
    form.set("website", "http://spam.example");
    const response = await postFrom(newLoopbackClient(), `${e2e.portalUrl}/api/reports`, {
      form,
      headers: { Origin: e2e.portalUrl },
    });
    expect(response.status).toBe(400);
  });
});

test("security.txt and the PST keys are published", async ({ request }) => {
  const txt = await (await request.get("/.well-known/security.txt")).text();
  for (const field of [
    "Contact:",
    "Expires:",
    "Encryption:",
    "Policy:",
    "Acknowledgments:",
    "Preferred-Languages:",
    "Canonical:",
  ]) {
    expect(txt).toContain(field);
  }
  const expires = new Date(/Expires: (\S+)/.exec(txt)![1]!);
  expect(expires.getTime()).toBeGreaterThan(Date.now());

  const keys = await request.get("/pgp-keys.asc");
  expect(keys.status()).toBe(200);
  expect(await keys.text()).toContain("-----BEGIN PGP PUBLIC KEY BLOCK-----");
  // security.txt's Acknowledgments link lands on a real section of the policy page.
  const policy = await request.get("/policy");
  expect(policy.status()).toBe(200);
  expect(await policy.text()).toContain('id="acknowledgments"');
});
