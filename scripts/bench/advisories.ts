/**
 * Published advisories (issue 14): 1,000 advisories in the database, then the portal's public reads at
 * ADVISORY_CONNECTIONS connections, each checked before it is measured:
 *  - the list page `/advisories` (first page, a search, a severity filter),
 *  - the Atom feed and the JSON Feed (newest 100).
 * Target: p95 ≤ 100 ms each. The advisories are written straight to the database as the owner, each a realistic
 * advisory (the test fixtures, varied per row) with the list columns computed by the same functions the publish
 * flow uses; publishing itself (signing, schema checks) is not what is measured here.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import pg from "pg";
import { ZAdvisoryContent } from "../../packages/advisories/src/model";
import {
  cContent,
  goContent,
  npmContent,
  pypiContent,
} from "../../packages/advisories/src/test-support/fixtures";
import {
  highestSeverity,
  packageLabels,
  searchTextOf,
} from "../../packages/api/src/use-cases/advisories/store-published-advisory";
import type { TCaseRun, TLoad } from "./case-page";

export const ADVISORY_COUNT = 1000;
export const ADVISORY_CONNECTIONS = 4;
export const ADVISORY_TARGET_P95_MS = 100;
const PREFIX = "BENCH";

interface TOptions {
  portalUrl: string;
  /** The tables' owner: the advisories are inserted directly. */
  ownerUrl: string;
  load: TLoad;
}

export interface TAdvisoriesResult {
  runs: TCaseRun[];
  lines: string[];
  facts: { advisories: number; withdrawn: number };
}

/** 1,000 advisories, one a day back from now, every 4th of each fixture; every 50th withdrawn. */
export async function seedAdvisories(ownerUrl: string): Promise<number> {
  const fixtures = [npmContent, goContent, pypiContent, cContent].map((c) => ZAdvisoryContent.parse(c));
  const pool = new pg.Pool({ connectionString: ownerUrl, max: 1 });
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(`DELETE FROM advisories WHERE public_id LIKE '${PREFIX}-%'`);
    const now = Date.now();
    let withdrawn = 0;
    const batch = 200;
    for (let start = 0; start < ADVISORY_COUNT; start += batch) {
      const values: unknown[] = [];
      const rows: string[] = [];
      for (let i = start; i < Math.min(start + batch, ADVISORY_COUNT); i++) {
        const base = fixtures[i % fixtures.length]!;
        const content = {
          ...base,
          title: `${base.title} (#${i + 1})`,
          vulnerabilities: base.vulnerabilities.map((v, j) => ({
            ...v,
            cveId: v.cveId === null ? null : `CVE-2025-${String(20000 + i * 4 + j)}`,
          })),
        };
        const published = new Date(now - (ADVISORY_COUNT - i) * 86_400_000);
        const year = published.getUTCFullYear();
        const publicId = `${PREFIX}-${year}-${String(i + 1).padStart(4, "0")}`;
        const isWithdrawn = i % 50 === 49;
        if (isWithdrawn) withdrawn++;
        const { severity, cvssScore } = highestSeverity(content);
        const params = [
          randomUUID(),
          publicId,
          content.title,
          content.summary,
          severity,
          cvssScore,
          content.vulnerabilities.flatMap((v) => (v.cveId ? [v.cveId] : [])),
          packageLabels(content),
          searchTextOf(publicId, content),
          JSON.stringify(content),
          published,
          isWithdrawn ? new Date(published.getTime() + 3_600_000) : published,
          isWithdrawn ? new Date(published.getTime() + 3_600_000) : null,
          isWithdrawn ? "Duplicate of another advisory." : null,
        ];
        const at = values.length;
        values.push(...params);
        // content (the 10th) is JSON text, cast to jsonb.
        rows.push(
          `(${params.map((_, k) => `$${at + k + 1}${k === 9 ? "::jsonb" : ""}`).join(", ")}, ${isWithdrawn ? 2 : 1})`,
        );
      }
      await client.query(
        `INSERT INTO advisories (id, public_id, title, summary, severity, cvss_score, cve_ids, packages, search_text,
                                 content, published_at, modified_at, withdrawn_at, withdrawn_reason, revision)
         VALUES ${rows.join(", ")}`,
        values,
      );
    }
    await client.query("COMMIT");
    await client.query("ANALYZE advisories");
    return withdrawn;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
    await pool.end();
  }
}

export async function advisoriesBench(options: TOptions): Promise<TAdvisoriesResult> {
  const { portalUrl, ownerUrl, load } = options;
  console.log(`writing ${ADVISORY_COUNT} published advisories…`);
  const withdrawn = await seedAdvisories(ownerUrl);
  const targets: { label: string; url: string; check: (body: string) => string }[] = [
    {
      label: "portal /advisories (first page)",
      url: `${portalUrl}/advisories`,
      check: (body) => {
        const shown = body.split(`/advisories/${PREFIX}-`).length - 1;
        const total = Number(/(\d+) advisories\./.exec(body)?.[1] ?? 0);
        if (shown < 20 || total < ADVISORY_COUNT) throw new Error(`${shown} links, ${total} in all`);
        return `${shown} advisory links, ${total} in all`;
      },
    },
    {
      label: "portal /advisories?q=example-parser",
      url: `${portalUrl}/advisories?q=example-parser`,
      check: (body) => {
        if (!body.includes("250 advisories found")) throw new Error("not 250 found");
        return "250 found";
      },
    },
    {
      label: "portal /advisories?severity=Medium&page=3",
      url: `${portalUrl}/advisories?severity=Medium&page=3`,
      check: (body) => {
        // React writes "Page <!-- -->3<!-- --> of …" between its text parts.
        if (!/Page 3 of \d+/.test(body.replaceAll("<!-- -->", ""))) throw new Error("no page 3");
        return "page 3";
      },
    },
    {
      label: "portal /advisories/feed.atom",
      url: `${portalUrl}/advisories/feed.atom`,
      check: (body) => {
        const entries = body.split("<entry>").length - 1;
        if (entries !== 100) throw new Error(`${entries} entries`);
        return "100 entries";
      },
    },
    {
      label: "portal /advisories/feed.json",
      url: `${portalUrl}/advisories/feed.json`,
      check: (body) => {
        const items = (JSON.parse(body) as { items: unknown[] }).items.length;
        if (items !== 100) throw new Error(`${items} items`);
        return "100 items";
      },
    },
  ];
  const checks: string[] = [];
  for (const target of targets) {
    const probe = await fetch(target.url);
    const body = await probe.text();
    if (probe.status !== 200) throw new Error(`${target.label}: ${probe.status} ${body.slice(0, 300)}`);
    try {
      checks.push(`${target.label}: ${target.check(body)}`);
    } catch (error) {
      throw new Error(`${target.label}: ${(error as Error).message}`);
    }
  }
  const runs: TCaseRun[] = [];
  for (const target of targets) {
    await load("warm-up", target.url, undefined, "text/html", ADVISORY_CONNECTIONS);
    runs.push(await load(target.label, target.url, undefined, "text/html", ADVISORY_CONNECTIONS));
  }
  const ceiling = await ceilingRun(ownerUrl, load);
  runs.push(ceiling);
  const ms = (n: number) => Math.round(n * 10) / 10;
  const lines = [
    `advisories: ${ADVISORY_COUNT} published (${withdrawn} withdrawn); checked before measuring — ${checks.join("; ")}`,
    ...runs
      .filter((r) => r !== ceiling)
      .map(
        (r) =>
          `${r.label} p95 ${ms(r.p95)} ms at ${ADVISORY_CONNECTIONS} connections (target ≤ ${ADVISORY_TARGET_P95_MS} ms${
            r.p95 <= ADVISORY_TARGET_P95_MS && r.failed === 0 ? ", met" : ", NOT MET"
          })`,
      ),
    `ceiling, same run: bare Node + 1 select of the first page's 20 advisories, p95 ${ms(ceiling.p95)} ms at ${ADVISORY_CONNECTIONS} connections`,
  ];
  return { runs, lines, facts: { advisories: ADVISORY_COUNT, withdrawn } };
}

/** The ceiling of the list page: a bare Node HTTP server doing one SELECT of the newest 20 advisories. */
async function ceilingRun(ownerUrl: string, load: TLoad): Promise<TCaseRun> {
  const port = 3398;
  const pool = new pg.Pool({ connectionString: ownerUrl, max: ADVISORY_CONNECTIONS });
  const server = createServer((_req, res) => {
    pool
      .query(
        "SELECT public_id, title, summary, severity, cvss_score, cve_ids, packages, published_at FROM advisories ORDER BY published_at DESC LIMIT 20",
      )
      .then((r) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(r.rows)))
      .catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  try {
    const url = `http://127.0.0.1:${port}/`;
    await load("warm-up", url, undefined, "application/json", ADVISORY_CONNECTIONS);
    return await load(
      "ceiling: bare Node + 1 select (20 advisories)",
      url,
      undefined,
      "application/json",
      ADVISORY_CONNECTIONS,
    );
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await pool.end();
  }
}
