/**
 * The private distributors list (issue 13): 500 organisations of 3 members each, every member with an OpenPGP key
 * of their own and every organisation a team key of its own. The organisations, members and keys are written
 * straight to the database as the owner (the list's own procedures would add nothing to what is measured); the
 * case, its 200 kB `git format-patch` file (encrypted here to the case's readers, as the browser does) and the
 * disclosure go through the admin app's own procedures. Then:
 *  - In Chromium, the Fix Lead's release page: unlock, "Make copies and notify", until all 500 are notified (each
 *    organisation's copy decrypted once, marked and encrypted to its 4 keys in the browser, uploaded; the server
 *    checks and stores it). Ceiling: the same marking and encryption in bare Node, no server.
 *  - Notifying: the same click ends with one `earlyDisclosure.notify`, which notifies all 500 and enqueues their
 *    2,000 notices in one transaction. Reported: that request's time, next to 2,000 bare inserts in one transaction.
 *  - The receipt table (earlyDisclosure.get, the Fix Lead's panel) at 4 connections, next to bare Node + 1 select.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { listPstKeys } from "@disclose/api";
import { encryptBytes, generateLockedKey } from "@disclose/crypto";
import { createDb } from "@disclose/db";
import { DEMO_PGP_PASSPHRASE } from "@disclose/db/ops";
import pg from "pg";
import type { Browser } from "playwright-core";
import { markedFileName, markPatch } from "../../packages/domain/src/distributors/disclosure";
import { reportForm } from "../../tests/faults/support/reports";
import type { TCaseRun, TLoad } from "./case-page";

export const DISTRIBUTOR_ORGS = 500;
const MEMBERS_PER_ORG = 3;
const PATCH_BYTES = 200 * 1024;
export const RECEIPTS_CONNECTIONS = 4;
const CEILING_PORT = 3397;
const TARGET_NOTIFY_MS = 2000;
const TARGET_COPIES_MS = 60_000;
const TARGET_RECEIPTS_P95_MS = 150;

interface TOptions {
  adminUrl: string;
  portalUrl: string;
  ownerUrl: string;
  /** PST member 1's admin session token (past the second factor). */
  token: string;
  load: TLoad;
  launch: () => Promise<Browser>;
  /** The bench's temp dir: the generated keys are kept there for the run only. */
  tempDir: string;
}

export interface TDistributorsResult {
  runs: TCaseRun[];
  lines: string[];
  facts: { organizations: number; keys: number; patchBytes: number; emails: number };
}

type TJson = Record<string, unknown>;

function trpc(adminUrl: string, token: string) {
  const cookie = `next-auth.session-token=${token}`;
  const unwrap = async (name: string, response: Response) => {
    const text = await response.text();
    if (!response.ok) throw new Error(`${name}: ${response.status} ${text.slice(0, 500)}`);
    return (JSON.parse(text) as { result: { data: { json: unknown } } }).result.data.json;
  };
  const queryUrl = (name: string, input: TJson) =>
    `${adminUrl}/api/trpc/${name}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  return {
    cookie,
    queryUrl,
    async query<T>(name: string, input: TJson): Promise<T> {
      return (await unwrap(name, await fetch(queryUrl(name, input), { headers: { cookie } }))) as T;
    },
    async mutate<T>(name: string, input: TJson, meta?: TJson): Promise<T> {
      const response = await fetch(`${adminUrl}/api/trpc/${name}`, {
        method: "POST",
        headers: { cookie, origin: adminUrl, "content-type": "application/json" },
        body: JSON.stringify({ json: input, ...(meta ? { meta } : {}) }),
      });
      return (await unwrap(name, response)) as T;
    },
  };
}

/** A `git format-patch` file of about `bytes` bytes: one commit rewriting a large C file. */
function formatPatch(bytes: number): string {
  const head = [
    `From ${randomBytes(20).toString("hex")} Mon Sep 17 00:00:00 2001`,
    "From: Demo Fixer <fixer@demo.disclose.test>",
    "Date: Mon, 30 Nov 2026 09:00:00 +0000",
    "Subject: [PATCH] lib/parse: bound every label and pointer in the name parser",
    "",
    "A crafted name overflowed the label buffer; every length is now checked.",
    "",
    "Signed-off-by: Demo Fixer <fixer@demo.disclose.test>",
    "---",
    " lib/parse.c | 2000 ++++++++++++++++++++++++++--------------------",
    " 1 file changed, 1000 insertions(+), 1000 deletions(-)",
    "",
    "diff --git a/lib/parse.c b/lib/parse.c",
    "index 3b18e51..a9c4f02 100644",
    "--- a/lib/parse.c",
    "+++ b/lib/parse.c",
  ];
  const lines = [...head];
  let size = lines.join("\n").length;
  for (let hunk = 0; size < bytes - 200; hunk++) {
    const at = 100 + hunk * 12;
    const block = [
      `@@ -${at},7 +${at},9 @@ static int parse_label_${hunk}(const uint8_t *p, size_t n, char *out)`,
      `   size_t len_${hunk} = p[${hunk % 7}];`,
      `-  memcpy(out + ${hunk}, p + 1, len_${hunk});`,
      `+  if (len_${hunk} > MAX_LABEL || len_${hunk} + 1 > n)`,
      "+    return -EINVAL;",
      `+  memcpy(out + ${hunk}, p + 1, len_${hunk});`,
      `   out[len_${hunk}] = '\\0';`,
      `   return (int)len_${hunk} + 1;`,
      " }",
    ];
    lines.push(...block);
    size += block.join("\n").length + 1;
  }
  lines.push("--", "2.47.1", "");
  return lines.join("\n");
}

/** A business day 9–13 days ahead at 15:00 UTC: inside the usual notice, not a Friday or weekend. */
function disclosureTime(now: Date): Date {
  for (let days = 9; days < 14; days++) {
    const at = new Date(now.getTime() + days * 24 * 3600_000);
    at.setUTCHours(15, 0, 0, 0);
    if (![0, 5, 6].includes(at.getUTCDay())) return at;
  }
  throw new Error("no business day found");
}

interface TKey {
  fingerprint: string;
  publicKey: string;
  lockedPrivateKey: string;
}

/** 2,000 keys of their own (ed25519/cv25519, as members make them), kept in the bench's temp dir for the run. */
async function organizationKeys(tempDir: string): Promise<{ keys: TKey[]; ms: number; cached: boolean }> {
  const file = path.join(tempDir, "distributor-keys.json");
  const started = performance.now();
  try {
    const keys = JSON.parse(readFileSync(file, "utf8")) as TKey[];
    if (keys.length === DISTRIBUTOR_ORGS * (MEMBERS_PER_ORG + 1)) {
      return { keys, ms: performance.now() - started, cached: true };
    }
  } catch {}
  const keys: TKey[] = [];
  for (let i = 0; i < DISTRIBUTOR_ORGS * (MEMBERS_PER_ORG + 1); i++) {
    keys.push(await generateLockedKey({ name: `Distributor key ${i}`, passphrase: "bench distributor" }));
  }
  mkdirSync(tempDir, { recursive: true });
  writeFileSync(file, JSON.stringify(keys));
  return { keys, ms: performance.now() - started, cached: false };
}

/** The list, straight to the database as the owner: 500 organisations, 1,500 members, each key its own. */
async function seedList(ownerUrl: string, keys: TKey[]): Promise<void> {
  const db = createDb(ownerUrl);
  try {
    const per = MEMBERS_PER_ORG + 1;
    const orgs = Array.from({ length: DISTRIBUTOR_ORGS }, (_, i) => {
      const team = keys[i * per + MEMBERS_PER_ORG]!;
      return {
        name: `Bench Distro ${String(i + 1).padStart(3, "0")}`,
        distribution: `bench-distro-${i + 1}'s resolver package`,
        securityContact: `security@distro${i + 1}.bench.test`,
        teamKeyArmored: team.publicKey,
        teamKeyFingerprint: team.fingerprint,
      };
    });
    await db.distributorOrganization.createMany({ data: orgs });
    const created = await db.distributorOrganization.findMany({
      where: { name: { startsWith: "Bench Distro " } },
      select: { id: true, name: true },
    });
    const idOf = new Map(created.map((o) => [o.name, o.id]));
    const users = orgs.flatMap((o, i) =>
      Array.from({ length: MEMBERS_PER_ORG }, (_, m) => ({
        id: `bench-dist-${i + 1}-${m + 1}`,
        email: `member${m + 1}@distro${i + 1}.bench.test`,
        name: `Member ${m + 1} of ${o.name}`,
        organizationId: idOf.get(o.name)!,
        key: keys[i * per + m]!,
      })),
    );
    await db.user.createMany({ data: users.map(({ id, email, name }) => ({ id, email, name })) });
    await db.userRole.createMany({ data: users.map((u) => ({ userId: u.id, role: "DISTRIBUTOR_MEMBER" })) });
    await db.distributorMembership.createMany({
      data: users.map((u) => ({ userId: u.id, organizationId: u.organizationId })),
    });
    await db.pgpKey.createMany({
      data: users.map((u) => ({
        userId: u.id,
        fingerprint: u.key.fingerprint,
        armoredPublicKey: u.key.publicKey,
        lockedPrivateKey: u.key.lockedPrivateKey,
      })),
    });
  } finally {
    await db.$disconnect();
  }
}

type TReaders = { key: { armoredPublicKey: string } | null }[];
const keysOf = (readers: TReaders) => readers.flatMap((r) => (r.key ? [r.key.armoredPublicKey] : []));

/**
 * The case through the portal and the admin app: reported, acknowledged, accepted (PST member 1 leads it),
 * remotely exploitable, the fixer's commit with PST member 1's LGTM, the 200 kB patch, fix ready; then the
 * disclosure prepared for all 500 organisations.
 */
async function seedCase(options: TOptions, patch: string): Promise<{ reportId: string }> {
  const { adminUrl, portalUrl, ownerUrl, token } = options;
  const pst1 = trpc(adminUrl, token);
  const keysDb = createDb(ownerUrl);
  const pstKeys = await listPstKeys({ db: keysDb }).finally(() => keysDb.$disconnect());
  const { form } = await reportForm(pstKeys, {
    title: "Label overflow in the name parser (distributors)",
    component: "lib/parse",
    affectedVersions: "1.10.0 - 1.11.3",
    description: "A crafted DNS name overflows the label buffer in parse_label().",
    stepsToReproduce: "1. Send the attached query. 2. The resolver crashes.",
    impact: "Remote denial of service; possibly code execution.",
    alreadyPublic: false,
    credit: { mode: "anonymous" },
  });
  const submitted = await fetch(`${portalUrl}/api/reports`, {
    method: "POST",
    body: form,
    headers: { origin: portalUrl },
  });
  if (submitted.status !== 201) {
    throw new Error(`the portal refused the distributors bench's report: ${submitted.status}`);
  }
  const { reportId } = (await submitted.json()) as { reportId: string };
  const pool = new pg.Pool({ connectionString: ownerUrl, max: 1 });
  const ids = new Map<string, string>();
  try {
    for (const row of (
      await pool.query<{ id: string; email: string }>(
        "SELECT id, email FROM users WHERE email IN ('pst1@demo.disclose.test', 'fixer@demo.disclose.test')",
      )
    ).rows) {
      ids.set(row.email.split("@")[0]!, row.id);
    }
  } finally {
    await pool.end();
  }
  await pst1.mutate("cases.decide", { reportId, command: { type: "acknowledge" } });
  const accepted = await pst1.mutate<{ fixLeadId: string | null }>("cases.decide", {
    reportId,
    command: { type: "accept" },
  });
  if (accepted.fixLeadId !== ids.get("pst1")) {
    // The rotation chose someone else: PST member 1 leads this one (a fixture, as the case-page bench does).
    const fix = new pg.Pool({ connectionString: ownerUrl, max: 1 });
    await fix
      .query("UPDATE reports SET fix_lead_id = $1 WHERE id = $2", [ids.get("pst1"), reportId])
      .finally(() => fix.end());
  }
  await pst1.mutate("cases.setFixTeamMember", { reportId, userId: ids.get("fixer"), member: true });
  await pst1.mutate("cases.decide", { reportId, command: { type: "start-fix" } });
  await pst1.mutate("caseWorkflow.recordFact", {
    reportId,
    change: { fact: "remotelyExploitable", value: true, reason: "A crafted query from anywhere crashes it." },
  });
  await pst1.mutate("workspace.setRepository", {
    reportId,
    repositoryUrl: "https://github.com/example/resolver-ghsa-x7q2-9fjm-h3rp",
  });
  const { branchId } = await pst1.mutate<{ branchId: string }>("workspace.addBranch", {
    reportId,
    name: "release-1.11",
  });
  await pst1.mutate("release.setReleaseVersion", { reportId, branchId, version: "1.11.4" });
  const workspace = await pst1.query<{ readers: TReaders }>("workspace.get", { reportId });
  const { encryptText } = await import("@disclose/crypto");
  const sha = randomBytes(20).toString("hex");
  const { commitId } = await pst1.mutate<{ commitId: string }>("workspace.addCommit", {
    reportId,
    branchId,
    sha,
    authorId: ids.get("fixer"),
    titleCiphertext: await encryptText("parse: bound every label and pointer", keysOf(workspace.readers)),
    url: `https://github.com/example/resolver-ghsa-x7q2-9fjm-h3rp/commit/${sha}`,
  });
  await pst1.mutate("workspace.lgtm", { reportId, commitId });
  const list = await pst1.query<{ readers: TReaders }>("patches.list", { reportId });
  const ciphertext = await encryptBytes(new TextEncoder().encode(patch), keysOf(list.readers));
  await pst1.mutate("patches.upload", {
    reportId,
    branchId,
    ciphertext: Buffer.from(ciphertext).toString("base64"),
  });
  await pst1.mutate("cases.decide", { reportId, command: { type: "mark-fix-ready" } });
  const view = await pst1.query<{ blocker: string | null; organizations: { id: string; name: string }[] }>(
    "earlyDisclosure.get",
    { reportId },
  );
  if (view.blocker) throw new Error(`the case does not qualify: ${view.blocker}`);
  const prepared = await pst1.mutate<{ chosen: number }>(
    "earlyDisclosure.prepare",
    {
      reportId,
      terms: "Embargoed until the disclosure time. Share nothing outside your security team.",
      disclosureAt: disclosureTime(new Date()).toISOString(),
      // The benchmark's 500 (the demo's own organisations stay off this disclosure).
      organizationIds: view.organizations.filter((o) => o.name.startsWith("Bench Distro ")).map((o) => o.id),
    },
    { values: { disclosureAt: ["Date"] } },
  );
  if (prepared.chosen !== DISTRIBUTOR_ORGS) {
    throw new Error(`the disclosure chose ${prepared.chosen} organisations, not ${DISTRIBUTOR_ORGS}`);
  }
  return { reportId };
}

interface TChromiumRun {
  ms: number;
  uploads: number[];
  /** The one `earlyDisclosure.notify` request: all organisations notified in one transaction. */
  notifyMs: number;
  progressSeen: number[];
  finished: string;
}

/** The Fix Lead's page in Chromium: unlock, click, wait for "Everyone is notified". */
async function copiesInChromium(options: TOptions, reportId: string): Promise<TChromiumRun> {
  const browser = await options.launch();
  try {
    const context = await browser.newContext();
    await context.addCookies([
      { name: "next-auth.session-token", value: options.token, url: options.adminUrl },
    ]);
    const page = await context.newPage();
    const uploads: number[] = [];
    let notifyMs = Number.NaN;
    page.on("requestfinished", (request) => {
      const t = request.timing();
      if (request.url().includes("earlyDisclosure.uploadCopies"))
        uploads.push(t.responseEnd - t.requestStart);
      if (request.url().includes("earlyDisclosure.notify")) notifyMs = t.responseEnd - t.requestStart;
    });
    await page.goto(`${options.adminUrl}/reports/${reportId}/release`);
    const panel = page.getByTestId("early-disclosure");
    await panel.getByLabel(/^Key passphrase/).fill(DEMO_PGP_PASSPHRASE);
    await panel.getByRole("button", { name: "Unlock key" }).click();
    const button = panel.getByRole("button", { name: "Make copies and notify" });
    await button.waitFor({ timeout: 30_000 });
    const started = performance.now();
    await button.click();
    const bar = panel.getByRole("progressbar", { name: "Copies made" });
    await bar.waitFor({ timeout: 60_000 });
    const progressSeen: number[] = [];
    const status = panel.getByRole("status");
    const deadline = Date.now() + 15 * 60_000;
    while (!(await status.isVisible())) {
      if (Date.now() > deadline) throw new Error("the copies did not finish in 15 minutes");
      const problem = panel.getByText("Not finished");
      if (await problem.isVisible())
        throw new Error(`the panel stopped: ${(await panel.textContent()) ?? ""}`);
      const value = await bar.getAttribute("value").catch(() => null);
      if (value !== null && progressSeen.at(-1) !== Number(value)) progressSeen.push(Number(value));
      await page.waitForTimeout(500);
    }
    const ms = performance.now() - started;
    return { ms, uploads, notifyMs, progressSeen, finished: (await status.textContent()) ?? "" };
  } finally {
    await browser.close();
  }
}

/** The ceiling of the copies: the same marking and encryption of the patch to each organisation's 4 keys in Node. */
async function bareCopies(patch: string, keys: TKey[]): Promise<number> {
  const per = MEMBERS_PER_ORG + 1;
  const started = performance.now();
  for (let i = 0; i < DISTRIBUTOR_ORGS; i++) {
    const mark = `BENCH${String(i).padStart(7, "A")}`.slice(0, 12);
    markedFileName("0001-CVE-pending-release-1.11.patch", mark);
    const recipients = keys.slice(i * per, i * per + per).map((k) => k.publicKey);
    await encryptBytes(new TextEncoder().encode(markPatch(patch, mark)), recipients);
  }
  return performance.now() - started;
}

/** The ceiling of "notify": as many bare inserts as notices, in one transaction, rolled back. */
async function bareInserts(ownerUrl: string, emails: number): Promise<number> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(
      "CREATE TEMP TABLE bench_notices (id bigserial PRIMARY KEY, to_address text, body text)",
    );
    const started = performance.now();
    await client.query("BEGIN");
    for (let i = 0; i < emails; i++) {
      await client.query("INSERT INTO bench_notices (to_address, body) VALUES ($1, $2)", [
        `n${i}@bench.test`,
        "An embargoed notice.",
      ]);
    }
    await client.query("ROLLBACK");
    return performance.now() - started;
  } finally {
    await client.end();
  }
}

/** The ceiling of the receipt table: a bare Node HTTP server doing one SELECT of the case's notifications. */
async function ceilingRun(ownerUrl: string, reportId: string, load: TLoad): Promise<TCaseRun> {
  const pool = new pg.Pool({ connectionString: ownerUrl, max: RECEIPTS_CONNECTIONS });
  const server = createServer((_req, res) => {
    pool
      .query(
        "SELECT organization_id, notified_at, acknowledged_at FROM distributor_notifications WHERE case_id = $1",
        [reportId],
      )
      .then((r) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(r.rows)))
      .catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(CEILING_PORT, "127.0.0.1", resolve));
  try {
    const url = `http://127.0.0.1:${CEILING_PORT}/`;
    await load("warm-up", url, undefined, "application/json", RECEIPTS_CONNECTIONS);
    return await load(
      "ceiling: bare Node + 1 select (500 receipts)",
      url,
      undefined,
      "application/json",
      RECEIPTS_CONNECTIONS,
    );
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await pool.end();
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function distributorsBench(options: TOptions): Promise<TDistributorsResult> {
  const { adminUrl, ownerUrl, load } = options;
  const keyCount = DISTRIBUTOR_ORGS * (MEMBERS_PER_ORG + 1);
  console.log(`generating ${keyCount} OpenPGP keys (ed25519/cv25519) for the distributors list…`);
  const generated = await organizationKeys(options.tempDir);
  console.log(
    `${keyCount} keys ${generated.cached ? "read from the run's cache" : "generated"} in ${(generated.ms / 1000).toFixed(1)} s`,
  );
  const seeded = performance.now();
  await seedList(ownerUrl, generated.keys);
  const patch = formatPatch(PATCH_BYTES);
  const { reportId } = await seedCase(options, patch);
  console.log(
    `distributors list and case ${reportId} made in ${((performance.now() - seeded) / 1000).toFixed(1)} s; making the copies in Chromium…`,
  );

  const chromiumRun = await copiesInChromium(options, reportId);
  const counts = await (async () => {
    const pool = new pg.Pool({ connectionString: ownerUrl, max: 1 });
    try {
      const { rows } = await pool.query<{ notified: string; copies: string; emails: string; state: string }>(
        `SELECT (SELECT count(*) FROM distributor_notifications WHERE case_id = $1::uuid AND notified_at IS NOT NULL) AS notified,
                (SELECT count(*) FROM distributor_copies WHERE case_id = $1::uuid) AS copies,
                (SELECT count(*) FROM outbox_messages WHERE to_address LIKE '%.bench.test') AS emails,
                (SELECT state FROM reports WHERE id = $1::uuid) AS state`,
        [reportId],
      );
      await pool.query("ANALYZE");
      return rows[0]!;
    } finally {
      await pool.end();
    }
  })();
  if (Number(counts.notified) !== DISTRIBUTOR_ORGS || Number(counts.copies) !== DISTRIBUTOR_ORGS) {
    throw new Error(`not everyone was notified: ${JSON.stringify(counts)}`);
  }
  const emails = Number(counts.emails);
  console.log("measuring the ceilings (copies in bare Node, one-transaction notices)…");
  const bareMs = await bareCopies(patch, generated.keys);
  const bareInsertMs = await bareInserts(ownerUrl, emails);

  const api = trpc(adminUrl, options.token);
  const url = api.queryUrl("earlyDisclosure.get", { reportId });
  const headers = { cookie: api.cookie };
  const probe = await api.query<{
    organizations: { chosen: boolean; receipt: { notifiedAt: string | null } | null }[];
  }>("earlyDisclosure.get", { reportId });
  const receipts = probe.organizations.filter((o) => o.chosen && o.receipt?.notifiedAt).length;
  if (receipts !== DISTRIBUTOR_ORGS) throw new Error(`the receipt table shows ${receipts} notified`);
  await load("warm-up", url, undefined, "application/json", RECEIPTS_CONNECTIONS, headers);
  const receiptRun = await load(
    "tRPC earlyDisclosure.get (500 receipts)",
    url,
    undefined,
    "application/json",
    RECEIPTS_CONNECTIONS,
    headers,
  );
  const ceiling = await ceilingRun(ownerUrl, reportId, load);

  const uploads = [...chromiumRun.uploads].sort((a, b) => a - b);
  const total = uploads.reduce((a, b) => a + b, 0);
  const s = (ms: number) => (ms / 1000).toFixed(1);
  const ms = (n: number) => Math.round(n * 10) / 10;
  const met = (ok: boolean) => (ok ? "met" : "NOT MET");
  const lines = [
    `distributors: ${DISTRIBUTOR_ORGS} organisations × ${MEMBERS_PER_ORG} members, ${keyCount} keys of their own (generated in ${s(generated.ms)} s in Node, one at a time); organisations, members and keys written to the database as the owner; the case, the ${Math.round(patch.length / 1024)} kB format-patch file and the disclosure through the app's procedures; after the run: ${counts.notified} notified, ${counts.copies} copies, ${emails} notices in the outbox, case "${counts.state}"`,
    `distributors copies: ${DISTRIBUTOR_ORGS} marked copies encrypted to 4 keys each in Chromium and uploaded, click to "${chromiumRun.finished}" in ${s(chromiumRun.ms)} s (target ≤ ${s(TARGET_COPIES_MS)} s, ${met(chromiumRun.ms <= TARGET_COPIES_MS)}); the progress bar read ${chromiumRun.progressSeen.length} values (${chromiumRun.progressSeen.slice(0, 3).join(", ")} … ${chromiumRun.progressSeen.at(-1) ?? ""}); ceiling: the same marking and encryption in bare Node, no server, ${s(bareMs)} s`,
    `distributors notify: one earlyDisclosure.notify request notified all ${counts.notified} organisations and enqueued their ${emails} notices (outbox rows, .ics attachments, delivery jobs) in one transaction in ${ms(chromiumRun.notifyMs)} ms (target ≤ ${TARGET_NOTIFY_MS} ms, ${met(chromiumRun.notifyMs <= TARGET_NOTIFY_MS)}); ceiling: ${emails} bare inserts in one transaction, ${ms(bareInsertMs)} ms. The uploads before it (one per organisation): p50 ${ms(percentile(uploads, 50))} ms, p95 ${ms(percentile(uploads, 95))} ms, sum ${s(total)} s`,
    `distributors receipt table (earlyDisclosure.get, 500 organisations with their keys and receipts) p50 ${ms(receiptRun.p50)} ms, p95 ${ms(receiptRun.p95)} ms at ${RECEIPTS_CONNECTIONS} connections (target p95 ≤ ${TARGET_RECEIPTS_P95_MS} ms, ${met(receiptRun.p95 <= TARGET_RECEIPTS_P95_MS && receiptRun.failed === 0)}); ceiling: bare Node + 1 select, p95 ${ms(ceiling.p95)} ms`,
  ];
  return {
    runs: [receiptRun, ceiling],
    lines,
    facts: { organizations: DISTRIBUTOR_ORGS, keys: keyCount, patchBytes: patch.length, emails },
  };
}
