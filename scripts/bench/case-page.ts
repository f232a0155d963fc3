/**
 * The case pages (issue 12): a case in fix development with 50 fix commits (LGTMs given), 100 patch versions over
 * two release branches, a few internal notes and over 200 audit events, made as people make it — the report through
 * the portal, every step through the admin app's own tRPC procedures, each title, note and patch encrypted here
 * to the readers the app names (as the browser does) — plus 200 read events appended to the audit chain. Then,
 * at 4 connections, 10 s each after a warm-up: the server-rendered HTML of the overview, workspace, patches and
 * history pages, and the tRPC queries those pages and their client components make on load, each checked first
 * (a 200 with the expected content). The ceiling: a bare Node HTTP server doing one SELECT per request.
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { listPstKeys } from "@disclose/api";
import { encryptBytes, encryptText } from "@disclose/crypto";
import { appendAuditEvent, createDb } from "@disclose/db";
import pg from "pg";
import { reportForm } from "../../tests/faults/support/reports";

/** What bench.ts's `load` returns (it is passed in: bench.ts runs its main() when imported). */
export interface TCaseRun {
  label: string;
  connections: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  ok: number;
  failed: number;
}

export type TLoad = (
  label: string,
  url: string,
  body: Buffer | undefined,
  contentType: string,
  connections: number,
  extraHeaders?: Record<string, string>,
) => Promise<TCaseRun>;

export const CASE_PAGE_CONNECTIONS = 4;
export const CASE_PAGE_TARGET_P95_MS = 150;
const COMMITS = 50;
const PATCH_VERSIONS = 100;
const AUDIT_READS = 200;
const NOTES = 5;
const BRANCHES = ["release-1.11", "release-1.10"] as const;
const CEILING_PORT = 3398;

interface TOptions {
  adminUrl: string;
  portalUrl: string;
  /** The tables' owner (seeding the fixture parts, the ceiling). */
  ownerUrl: string;
  /** PST member 1's admin session token (past the second factor). */
  token: string;
  load: TLoad;
}

export interface TCasePageResult {
  runs: TCaseRun[];
  ceiling: TCaseRun;
  /** The lines to print after the table. */
  lines: string[];
  facts: { commits: number; patchVersions: number; auditEvents: number; notes: number };
}

type TJson = Record<string, unknown>;

/** The admin app's tRPC endpoint as the browser calls it (superjson envelope, same origin, the session cookie). */
function trpc(adminUrl: string, token: string) {
  const cookie = `next-auth.session-token=${token}`;
  const unwrap = async (path: string, response: Response) => {
    const text = await response.text();
    if (!response.ok) throw new Error(`${path}: ${response.status} ${text.slice(0, 500)}`);
    return (JSON.parse(text) as { result: { data: { json: unknown } } }).result.data.json;
  };
  return {
    cookie,
    queryUrl: (path: string, input: TJson) =>
      `${adminUrl}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`,
    async query<T>(path: string, input: TJson): Promise<T> {
      const url = `${adminUrl}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
      return (await unwrap(path, await fetch(url, { headers: { cookie } }))) as T;
    },
    async mutate<T>(path: string, input: TJson): Promise<T> {
      const response = await fetch(`${adminUrl}/api/trpc/${path}`, {
        method: "POST",
        headers: { cookie, origin: adminUrl, "content-type": "application/json" },
        body: JSON.stringify({ json: input }),
      });
      return (await unwrap(path, response)) as T;
    },
  };
}

type TReaders = { key: { armoredPublicKey: string } | null }[];
const keysOf = (readers: TReaders) => readers.flatMap((r) => (r.key ? [r.key.armoredPublicKey] : []));

const shaOf = (n: number) => randomBytes(20).toString("hex").slice(0, 36) + n.toString(16).padStart(4, "0");

/** A small `git format-patch` file, as a maintainer uploads it. */
function formatPatch(branch: string, version: number, sha: string): Uint8Array {
  const lines = [
    `From ${sha} Mon Sep 17 00:00:00 2001`,
    "From: Demo PST Member 1 <pst1@demo.disclose.test>",
    "Date: Mon, 30 Nov 2026 09:00:00 +0000",
    `Subject: [PATCH] ${branch}: bound the label length in parse_label() (v${version})`,
    "",
    "A crafted name overflowed the label buffer.",
    "---",
    " lib/parse.c | 4 +++-",
    " 1 file changed, 3 insertions(+), 1 deletion(-)",
    "",
    "diff --git a/lib/parse.c b/lib/parse.c",
    "index 3b18e51..a9c4f02 100644",
    "--- a/lib/parse.c",
    "+++ b/lib/parse.c",
    "@@ -120,7 +120,9 @@ int parse_label(const uint8_t *p, size_t n, char *out)",
    "   size_t len = p[0];",
    "-  memcpy(out, p + 1, len);",
    "+  if (len > MAX_LABEL || len + 1 > n)",
    "+    return -EINVAL;",
    "+  memcpy(out, p + 1, len);",
    "   out[len] = '\\0';",
    "   return (int)len + 1;",
    " }",
    "--",
    "2.47.1",
    "",
  ];
  return new TextEncoder().encode(lines.join("\n"));
}

/**
 * The case, made through the portal and the admin app: a report, acknowledged and accepted by PST member 1 (the
 * Fix Lead), the Fix Team's engineer added, fix development started; the repository, two release branches with
 * their versions, 50 commits (authored by PST member 2 and the engineer, each with PST member 1's LGTM), 100 patch
 * versions, 5 notes; then 200 audit events of reads by the case's people, appended to the chain.
 */
async function seedCase(options: TOptions): Promise<{ reportId: string; shas: string[] }> {
  const { adminUrl, portalUrl, ownerUrl, token } = options;
  const pst1 = trpc(adminUrl, token);
  // The PST's keys now (an earlier benchmark may have added a member): the portal refuses a report missing one.
  const keysDb = createDb(ownerUrl);
  const pstKeys = await listPstKeys({ db: keysDb }).finally(() => keysDb.$disconnect());
  const { form } = await reportForm(pstKeys, {
    title: "Label overflow in the name parser",
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
    throw new Error(
      `the portal refused the case benchmark's report: ${submitted.status} ${await submitted.text()}`,
    );
  }
  const { reportId } = (await submitted.json()) as { reportId: string };

  const pool = new pg.Pool({ connectionString: ownerUrl, max: 1 });
  const users = new Map<string, string>();
  try {
    for (const row of (
      await pool.query<{ id: string; email: string }>(
        "SELECT id, email FROM users WHERE email LIKE '%@demo.disclose.test'",
      )
    ).rows) {
      users.set(row.email.split("@")[0]!, row.id);
    }
  } finally {
    await pool.end();
  }
  const id = (name: string) => {
    const found = users.get(name);
    if (!found) throw new Error(`no demo account ${name}`);
    return found;
  };

  await pst1.mutate("cases.decide", { reportId, command: { type: "acknowledge" } });
  const accepted = await pst1.mutate<{ fixLeadId: string | null }>("cases.decide", {
    reportId,
    command: { type: "accept" },
  });
  if (accepted.fixLeadId !== id("pst1")) {
    // The rotation chose someone else: PST member 1 leads this one (a fixture, as the integration tests do).
    const fix = new pg.Pool({ connectionString: ownerUrl, max: 1 });
    await fix
      .query("UPDATE reports SET fix_lead_id = $1 WHERE id = $2", [id("pst1"), reportId])
      .finally(() => fix.end());
  }
  await pst1.mutate("cases.setFixTeamMember", { reportId, userId: id("fixer"), member: true });
  await pst1.mutate("cases.decide", { reportId, command: { type: "start-fix" } });
  await pst1.mutate("workspace.setRepository", {
    reportId,
    repositoryUrl: "https://github.com/example/resolver-ghsa-x7q2-9fjm-h3rp",
  });
  const branchIds: string[] = [];
  for (const [i, name] of BRANCHES.entries()) {
    const { branchId } = await pst1.mutate<{ branchId: string }>("workspace.addBranch", { reportId, name });
    await pst1.mutate("release.setReleaseVersion", { reportId, branchId, version: `1.${11 - i}.4` });
    branchIds.push(branchId);
  }

  // Commits: authored by PST member 2 and the Fix Team's engineer, added by PST member 1, who gives each an LGTM.
  const workspace = await pst1.query<{ readers: TReaders }>("workspace.get", { reportId });
  const titleKeys = keysOf(workspace.readers);
  const shas: string[] = [];
  for (let i = 0; i < COMMITS; i++) {
    const sha = shaOf(i);
    shas.push(sha);
    const branchId = branchIds[i % branchIds.length]!;
    const { commitId } = await pst1.mutate<{ commitId: string }>("workspace.addCommit", {
      reportId,
      branchId,
      sha,
      authorId: i % 2 === 0 ? id("pst2") : id("fixer"),
      titleCiphertext: await encryptText(
        `parse: bound the label length (part ${i + 1} of ${COMMITS})`,
        titleKeys,
      ),
      url: `https://github.com/example/resolver-ghsa-x7q2-9fjm-h3rp/commit/${sha}`,
    });
    await pst1.mutate("workspace.lgtm", { reportId, commitId });
  }

  const list = await pst1.query<{ readers: TReaders }>("patches.list", { reportId });
  const patchKeys = keysOf(list.readers);
  for (let i = 0; i < PATCH_VERSIONS; i++) {
    const branch = BRANCHES[i % BRANCHES.length]!;
    const ciphertext = await encryptBytes(
      formatPatch(branch, Math.floor(i / BRANCHES.length) + 1, shas[i % COMMITS]!),
      patchKeys,
    );
    await pst1.mutate("patches.upload", {
      reportId,
      branchId: branchIds[i % branchIds.length]!,
      ciphertext: Buffer.from(ciphertext).toString("base64"),
    });
  }

  const notes = await pst1.query<{ readers: TReaders }>("workspace.notes", { reportId, topic: "workspace" });
  for (let i = 0; i < NOTES; i++) {
    await pst1.mutate("workspace.postNote", {
      reportId,
      topic: "workspace",
      ciphertext: await encryptText(
        `Note ${i + 1}: reproduced on 1.11.${i}; the fix holds.`,
        keysOf(notes.readers),
      ),
    });
  }

  // Reads by the case's people over the past weeks, appended to the chain as the use-cases append them.
  const db = createDb(ownerUrl);
  try {
    const readers = [id("pst1"), id("pst2"), id("fixer")];
    const actions = ["report.read", "workspace.read", "patch.read", "workspace.notes_read"];
    const start = Date.now() - 14 * 24 * 3600_000;
    for (let i = 0; i < AUDIT_READS; i++) {
      const action = actions[i % actions.length]!;
      await db.$transaction((tx) =>
        appendAuditEvent(tx, {
          actorId: readers[i % readers.length]!,
          actorKind: "user",
          action,
          subjectType: "report",
          subjectId: reportId,
          data: action === "workspace.read" ? { commits: COMMITS, served: COMMITS } : {},
          occurredAt: new Date(start + i * 3600_000),
        }),
      );
    }
  } finally {
    await db.$disconnect();
  }
  return { reportId, shas };
}

interface TTarget {
  label: string;
  url: string;
  /** Throws unless the answer is what the page shows (not an error page, not an empty list). */
  check: (body: string) => string;
  /** Not a case page: a reference for what any signed-in page of the admin app costs. */
  reference?: boolean;
}

function count(haystack: string, needles: string[]): number {
  return needles.filter((n) => haystack.includes(n)).length;
}

/** The ceiling: a bare Node HTTP server doing one SELECT by primary key per request. */
async function ceilingRun(ownerUrl: string, reportId: string, load: TLoad): Promise<TCaseRun> {
  const pool = new pg.Pool({ connectionString: ownerUrl, max: CASE_PAGE_CONNECTIONS });
  const server = createServer((_req, res) => {
    pool
      .query("SELECT id, state, received_at FROM reports WHERE id = $1", [reportId])
      .then((r) => {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(r.rows[0]));
      })
      .catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(CEILING_PORT, "127.0.0.1", resolve));
  try {
    const url = `http://127.0.0.1:${CEILING_PORT}/`;
    await load("warm-up", url, undefined, "application/json", CASE_PAGE_CONNECTIONS);
    return await load(
      "ceiling: bare Node + 1 select",
      url,
      undefined,
      "application/json",
      CASE_PAGE_CONNECTIONS,
    );
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await pool.end();
  }
}

export async function casePageBench(options: TOptions): Promise<TCasePageResult> {
  const { adminUrl, ownerUrl, load } = options;
  console.log(
    `making a case with ${COMMITS} fix commits, ${PATCH_VERSIONS} patch versions and ${AUDIT_READS}+ audit events…`,
  );
  const started = Date.now();
  const { reportId, shas } = await seedCase(options);
  const facts = await (async () => {
    const pool = new pg.Pool({ connectionString: ownerUrl, max: 1 });
    try {
      const { rows } = await pool.query<{ commits: string; versions: string; events: string; notes: string }>(
        `SELECT (SELECT count(*) FROM fix_commits WHERE case_id = $1::uuid) AS commits,
                (SELECT count(*) FROM patch_versions WHERE case_id = $1::uuid) AS versions,
                (SELECT count(*) FROM audit_events WHERE subject_type = 'report' AND subject_id = $1::text) AS events,
                (SELECT count(*) FROM case_notes WHERE case_id = $1::uuid) AS notes`,
        [reportId],
      );
      await pool.query("ANALYZE");
      const r = rows[0]!;
      return {
        commits: Number(r.commits),
        patchVersions: Number(r.versions),
        auditEvents: Number(r.events),
        notes: Number(r.notes),
      };
    } finally {
      await pool.end();
    }
  })();
  console.log(
    `case ${reportId}: ${facts.commits} commits, ${facts.patchVersions} patch versions, ${facts.notes} notes, ${facts.auditEvents} audit events (made in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  if (facts.commits !== COMMITS || facts.patchVersions !== PATCH_VERSIONS || facts.auditEvents < 200) {
    throw new Error(`the case benchmark's case is not as intended: ${JSON.stringify(facts)}`);
  }

  const api = trpc(adminUrl, options.token);
  const page = `${adminUrl}/reports/${reportId}`;
  const json = (body: string) => (JSON.parse(body) as { result: { data: { json: TJson } } }).result.data.json;
  const targets: TTarget[] = [
    {
      label: "reference: HTML /keys",
      url: `${adminUrl}/keys`,
      reference: true,
      check: (body) => {
        if (!body.includes("OpenPGP keys")) throw new Error("not the keys page");
        return "a small signed-in page (2 queries)";
      },
    },
    {
      label: "HTML overview /reports/<id>",
      url: page,
      check: (body) => {
        if (!body.includes("Case") || !body.includes(reportId.slice(0, 8)))
          throw new Error("not the case page");
        return "case heading";
      },
    },
    {
      label: "HTML /reports/<id>/workspace",
      url: `${page}/workspace`,
      check: (body) => {
        if (!body.includes("Fix workspace")) throw new Error("no workspace heading");
        return `${count(
          body,
          shas.map((s) => s.slice(0, 7)),
        )} of ${COMMITS} commit hashes in the HTML`;
      },
    },
    {
      label: "HTML /reports/<id>/patches",
      url: `${page}/patches`,
      check: (body) => {
        if (!body.includes("Patches")) throw new Error("no patches heading");
        return `${count(body, [...BRANCHES])} of ${BRANCHES.length} branches in the HTML`;
      },
    },
    {
      label: "HTML /reports/<id>/history",
      url: `${page}/history`,
      check: (body) => {
        const rows = body.split('data-testid="history-event"').length - 1;
        if (rows < 50) throw new Error(`only ${rows} history rows`);
        return `${rows} history rows`;
      },
    },
    {
      label: "tRPC caseWorkflow.get",
      url: api.queryUrl("caseWorkflow.get", { reportId }),
      check: (body) => {
        if (json(body).isCase !== true) throw new Error("not a case");
        return "isCase";
      },
    },
    {
      label: "tRPC teamDiscussion.list",
      url: api.queryUrl("teamDiscussion.list", { reportId }),
      check: (body) => {
        json(body);
        return "answered";
      },
    },
    {
      label: "tRPC workspace.get",
      url: api.queryUrl("workspace.get", { reportId }),
      check: (body) => {
        const branches = json(body).branches as { commits: { title: string | null }[] }[];
        const commits = branches.flatMap((b) => b.commits);
        const titled = commits.filter((c) => c.title !== null).length;
        if (commits.length !== COMMITS || titled !== COMMITS) {
          throw new Error(`${commits.length} commits, ${titled} titles served`);
        }
        return `${commits.length} commits, ${titled} sealed titles served`;
      },
    },
    {
      label: "tRPC workspace.notes",
      url: api.queryUrl("workspace.notes", { reportId, topic: "workspace" }),
      check: (body) => {
        const notes = JSON.stringify(json(body)).split("BEGIN PGP MESSAGE").length - 1;
        if (notes < NOTES) throw new Error(`${notes} notes`);
        return `${notes} notes`;
      },
    },
    {
      label: "tRPC patches.list",
      url: api.queryUrl("patches.list", { reportId }),
      check: (body) => {
        const versions = (json(body).branches as { versions: unknown[] }[]).flatMap((b) => b.versions).length;
        if (versions !== PATCH_VERSIONS) throw new Error(`${versions} patch versions`);
        return `${versions} patch versions`;
      },
    },
    {
      label: "tRPC cases.history",
      url: api.queryUrl("cases.history", { reportId }),
      check: (body) => {
        const events = (json(body).events as unknown[]).length;
        if (events < 100) throw new Error(`${events} events`);
        return `${events} events on the first page`;
      },
    },
  ];

  const headers = { cookie: api.cookie };
  const runs: TCaseRun[] = [];
  const checks: string[] = [];
  for (const target of targets) {
    const probe = await fetch(target.url, { headers });
    const body = await probe.text();
    if (probe.status !== 200) {
      throw new Error(`${target.label}: ${probe.status} ${body.slice(0, 300)}`);
    }
    let seen: string;
    try {
      seen = target.check(body);
    } catch (error) {
      throw new Error(`${target.label}: ${(error as Error).message}`);
    }
    checks.push(`${target.label}: ${seen}`);
  }
  // Every read is audited, so the case's history grows with the traffic: say how long it was at each history run.
  const counter = new pg.Pool({ connectionString: ownerUrl, max: 1 });
  const eventsOfCase = async () =>
    Number(
      (
        await counter.query<{ n: string }>(
          "SELECT count(*) AS n FROM audit_events WHERE subject_type = 'report' AND subject_id = $1",
          [reportId],
        )
      ).rows[0]?.n,
    );
  const eventsAt: string[] = [];
  try {
    for (const target of targets) {
      await load("warm-up", target.url, undefined, "text/html", CASE_PAGE_CONNECTIONS, headers);
      if (target.label.includes("history")) eventsAt.push(`${target.label}: ${await eventsOfCase()}`);
      runs.push(await load(target.label, target.url, undefined, "text/html", CASE_PAGE_CONNECTIONS, headers));
    }
  } finally {
    await counter.end();
  }
  const ceiling = await ceilingRun(ownerUrl, reportId, load);

  const ms = (n: number) => Math.round(n * 10) / 10;
  const lines = [
    `case pages: checked before measuring — ${checks.join("; ")}`,
    `case pages: every read is audited, so the case's history grew during the runs; audit events about the case when its history was measured — ${eventsAt.join("; ")}`,
    ...runs.map((r, i) =>
      targets[i]?.reference
        ? `${r.label} (any signed-in page of the admin app, no case data) p95 ${ms(r.p95)} ms at ${CASE_PAGE_CONNECTIONS} connections`
        : `case page (${r.label}) p95 ${ms(r.p95)} ms at ${CASE_PAGE_CONNECTIONS} connections (target ≤ ${CASE_PAGE_TARGET_P95_MS} ms${r.p95 <= CASE_PAGE_TARGET_P95_MS && r.failed === 0 ? ", met" : ", NOT MET"}); ceiling: bare Node + 1 select, p95 ${ms(ceiling.p95)} ms`,
    ),
  ];
  return { runs, ceiling, lines, facts };
}
