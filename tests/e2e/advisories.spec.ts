// Issue 14, end to end: a CNA project reserves its CVE through CVE Services (the local fake), the Fix Lead writes
// the advisory in the browser (sealed draft), and at release publishes it: the portal page, both feeds and the CSAF
// provider files are served, a signature verifies with gpg, a subscriber confirmed by double opt-in gets the
// announcement and the unsubscribe link works, and the fake received a schema-valid CNA container.
import { randomBytes, randomInt } from "node:crypto";
import { FAKE_CVE_ACCOUNT, startFakeCveServices } from "@disclose/cve-services/fake-server";
import { DEMO_PGP_PASSPHRASE } from "@disclose/db/ops";
import { waitForSinkMessage } from "@disclose/email/sink-client";
import type { Page } from "@playwright/test";
import pg from "pg";
import { e2e } from "./stack";
import { signInDemo, unlockKey } from "./support/admin";
import { acceptAndLead, reportThroughPortal } from "./support/cases";
import { gpgVerify } from "./support/gpg";
import { expect, test } from "./support/test";

const PST1 = "pst1@demo.disclose.test";

async function shoot(page: Page, name: string): Promise<void> {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `test-results/advisories-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** The portal's https CSAF URLs (CSAF requires TLS) as the http test stack serves them. */
const onStack = (url: string) => url.replace(/^https:\/\/localhost:\d+/, e2e.portalUrl);

test("a released case's advisory is published, served in every format, signed, and announced", async ({
  page,
  browser,
}) => {
  test.setTimeout(420_000);
  // Numbers of its own: a stack kept from an earlier run already holds the fake's first IDs.
  const fake = await startFakeCveServices({
    port: e2e.cveServicesPort,
    accounts: [FAKE_CVE_ACCOUNT],
    firstSequence: randomInt(100_000, 999_999),
  });
  try {
    const tag = randomBytes(4).toString("hex");
    const title = `Cache poisoning through unverified answers ${tag}`;
    const { id: reportId } = await reportThroughPortal(browser, `Advisory case ${tag}`);
    await signInDemo(page, PST1);
    await page.goto(`${e2e.adminUrl}/reports/${reportId}`);
    await unlockKey(page, DEMO_PGP_PASSPHRASE);
    await acceptAndLead(page, reportId);

    // The project is a CNA: the Fix Lead reserves the CVE ID through CVE Services, and scores the vulnerability.
    const nav = page.getByRole("navigation", { name: "This case" });
    await nav.getByRole("link", { name: "Vulnerabilities & CVSS" }).click();
    const vulnerability = page.getByTestId("vulnerability").first();
    await vulnerability.getByLabel(/^Final CVSS vector/).fill("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:N");
    await vulnerability.getByRole("button", { name: "Save CVSS" }).click();
    await expect(page.getByTestId("case-cvss")).toContainText("5.9");
    await page.getByRole("button", { name: "Reserve a CVE ID" }).first().click();
    await expect(page.getByTestId("cve-state").first()).toContainText(/CVE-\d{4}-\d+ reserved/);
    const cveId = /CVE-\d{4}-\d+/.exec(
      (await page.getByTestId("cve-state").first().textContent()) ?? "",
    )?.[0];
    expect(cveId).toBeTruthy();

    // The advisory is written while the case is embargoed: the draft is sealed in the browser.
    await nav.getByRole("link", { name: "Advisory" }).click();
    await page
      .getByLabel(/^Title/)
      .first()
      .fill(title);
    await page.getByLabel(/^Summary/).fill("The resolver cached answers it had not verified.");
    await page
      .getByLabel(/^Description/)
      .fill("## Impact\n\nAn off-path attacker could make the cache serve **forged** answers.");
    await page.getByLabel(/^Ecosystem/).selectOption("Go");
    await page.getByLabel(/^Package name/).fill(`github.com/example/resolver-${tag}`);
    await page.getByLabel(/^Fixed in/).fill("1.12.1");
    await page.getByLabel(/^How to upgrade/).fill("Upgrade to 1.12.1.");
    await page.getByRole("button", { name: "Save the draft" }).click();
    await expect(page.getByText(/^Saved, encrypted to \d+ people\.$/)).toBeVisible();
    await page.getByRole("button", { name: "Check it" }).click();
    await expect(page.getByTestId("advisory-complete")).toBeVisible();
    await shoot(page, "editor");
    const pool = new pg.Pool({ connectionString: e2e.databaseUrl, max: 1 });
    try {
      const { rows } = await pool.query<{ ciphertext: string }>(
        "SELECT ciphertext FROM advisory_drafts WHERE case_id = $1::uuid",
        [reportId],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]?.ciphertext).toContain("BEGIN PGP MESSAGE");
      expect(rows[0]?.ciphertext).not.toContain(tag);
      // The release itself is the case workflow's (tested there): here the case is simply released.
      await pool.query("UPDATE reports SET state = 'released' WHERE id = $1::uuid", [reportId]);
    } finally {
      await pool.end();
    }

    // A user subscribes to the announcements (double opt-in).
    const subscriber = `subscriber-${tag}@example.org`;
    const portal = await (await browser.newContext()).newPage();
    await portal.goto(`${e2e.portalUrl}/announcements`);
    await portal.getByLabel(/^Your email address/).fill(subscriber);
    await portal.getByRole("button", { name: "Subscribe" }).click();
    await expect(portal.getByText("Check your inbox")).toBeVisible();
    const confirmation = await waitForSinkMessage({
      baseUrl: e2e.sinkUrl,
      match: (m) => m.to.includes(subscriber) && /Confirm your subscription/.test(m.subject),
      timeoutMs: 30_000,
    });
    const confirmLink = /https?:\/\/\S+\/announcements\/confirm\S*/.exec(confirmation.text ?? "")?.[0];
    expect(confirmLink).toBeTruthy();
    await portal.goto(confirmLink as string);
    await portal.getByRole("button", { name: "Confirm my subscription" }).click();
    await expect(portal.getByText("You are subscribed")).toBeVisible();

    // Released: the Fix Lead publishes, and announces.
    await page.reload();
    // The saved draft opens with the key (still unlocked in this tab, or unlocked again).
    const passphrase = page.getByLabel(/^Key passphrase/);
    await passphrase
      .or(page.getByLabel(/^Title/).first())
      .first()
      .waitFor();
    if (await passphrase.isVisible()) await unlockKey(page, DEMO_PGP_PASSPHRASE);
    await expect(page.getByLabel(/^Title/).first()).toHaveValue(title);
    await page.getByRole("button", { name: "Publish the advisory" }).click();
    const published = page.getByRole("status").filter({ hasText: /^Published / });
    await expect(published).toBeVisible({ timeout: 60_000 });
    const publicId = /[A-Z][A-Z0-9-]*-\d{4}-\d{4,}/.exec((await published.textContent()) ?? "")?.[0] ?? "";
    expect(publicId).toMatch(/^DISCLOSE-\d{4}-\d{4}$/);
    await expect(published).toContainText("the announcement goes to");
    await shoot(page, "published");

    // The portal: the list, the page, both feeds.
    await portal.goto(`${e2e.portalUrl}/advisories`);
    await portal.getByRole("link", { name: title }).click();
    await expect(portal.getByRole("heading", { level: 1 })).toHaveText(title);
    await expect(portal.getByText(cveId as string).first()).toBeVisible();
    await shoot(portal, "portal-page");
    const atom = await (await fetch(`${e2e.portalUrl}/advisories/feed.atom`)).text();
    expect(atom).toContain(publicId);
    const json = (await (await fetch(`${e2e.portalUrl}/advisories/feed.json`)).json()) as {
      items: { id: string; title: string }[];
    };
    expect(json.items.some((i) => i.title.includes(tag))).toBe(true);

    // The CSAF trusted provider: its metadata, the document, its hash and a signature gpg verifies.
    const metadataResponse = await fetch(`${e2e.portalUrl}/.well-known/csaf/provider-metadata.json`);
    expect(metadataResponse.status).toBe(200);
    const metadata = (await metadataResponse.json()) as {
      public_openpgp_keys: { fingerprint: string; url: string }[];
      distributions: { directory_url?: string }[];
    };
    const key = metadata.public_openpgp_keys[0];
    expect(key).toBeTruthy();
    const publicKey = await (await fetch(onStack(key?.url ?? ""))).text();
    expect(publicKey).toContain("BEGIN PGP PUBLIC KEY BLOCK");
    const directory = onStack(metadata.distributions[0]?.directory_url ?? "");
    const index = await (await fetch(`${directory.replace(/\/$/, "")}/index.txt`)).text();
    const documentPath = index
      .split("\n")
      .find((line) => line.includes(publicId.toLowerCase().replaceAll("-", "-")));
    expect(documentPath).toBeTruthy();
    const documentUrl = `${directory.replace(/\/$/, "")}/${documentPath}`;
    const documentBody = await (await fetch(documentUrl)).text();
    expect(JSON.parse(documentBody).document.tracking.id).toBe(publicId);
    const signature = await (await fetch(`${documentUrl}.asc`)).text();
    expect(gpgVerify({ publicKey, data: documentBody, signature })).toContain("VALIDSIG");

    // The subscriber got the announcement, and its unsubscribe link works.
    const announcement = await waitForSinkMessage({
      baseUrl: e2e.sinkUrl,
      match: (m) => m.to.includes(subscriber) && m.subject.includes(publicId),
      timeoutMs: 30_000,
    });
    expect(announcement.text).toContain(cveId as string);
    const unsubscribe = /https?:\/\/\S+\/announcements\/unsubscribe\?\S+/.exec(announcement.text ?? "")?.[0];
    expect(unsubscribe).toBeTruthy();
    await portal.goto(unsubscribe as string);
    await portal.getByRole("button", { name: "Unsubscribe" }).click();
    await expect(portal.getByText("You are unsubscribed")).toBeVisible();

    // CVE Services received the CNA container (the fake validates it against the CVE 5.1.1 schema).
    const record = fake.state.records.get(cveId as string) as
      | { cveMetadata?: { state?: string } }
      | undefined;
    expect(record?.cveMetadata?.state).toBe("PUBLISHED");
    expect(fake.state.requests.some((r) => r.method === "POST" && r.path.endsWith(`/cve/${cveId}/cna`))).toBe(
      true,
    );
  } finally {
    await fake.close();
  }
});
