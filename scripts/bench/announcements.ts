/**
 * The release announcement (issue 14): 10,000 confirmed subscribers in the database, then one enqueueAnnouncement
 * of a realistic advisory, as the publish flow calls it: one query for the subscribers, an HMAC each for their
 * unsubscribe links, the email rendered once, 10,000 outbox rows (text, HTML, List-Unsubscribe headers) and
 * their delivery jobs in batches, the `announcements` row and its audit event, in one transaction. Target: ≤ 5 s.
 * The transaction is rolled back, so the bench sends no mail (a worker would otherwise deliver 10,000). Ceiling:
 * the same number of rows of the same size inserted bare (one set-based INSERT per 2,000, as the outbox does) in
 * one transaction, with no rendering, no checks and no jobs.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { ZAdvisoryContent } from "../../packages/advisories/src/model";
import { goContent } from "../../packages/advisories/src/test-support/fixtures";
import { enqueueAnnouncement } from "../../packages/api/src/use-cases/announcements/enqueue-announcement";

export const ANNOUNCEMENT_SUBSCRIBERS = 10_000;
export const ANNOUNCEMENT_TARGET_MS = 5_000;
const DOMAIN = "announce.bench.test";

interface TOptions {
  portalUrl: string;
  /** The tables' owner: the subscribers are inserted directly. */
  ownerUrl: string;
}

export interface TAnnouncementsResult {
  lines: string[];
  facts: { subscribers: number; recipients: number; enqueueMs: number; ceilingMs: number };
}

/** 10,000 confirmed subscribers (a fifth of them also for the forthcoming-fix notices), in one statement. */
async function seedSubscribers(client: pg.PoolClient): Promise<void> {
  await client.query("DELETE FROM announcement_subscribers WHERE email LIKE $1", [`%@${DOMAIN}`]);
  await client.query(
    `INSERT INTO announcement_subscribers (id, email, status, forthcoming_notices, created_at, confirmed_at)
     SELECT gen_random_uuid(), 'subscriber-' || n || '@${DOMAIN}', 'confirmed', n % 5 = 0, now(), now()
       FROM generate_series(1, $1::int) AS n`,
    [ANNOUNCEMENT_SUBSCRIBERS],
  );
}

/** The ceiling: bare rows of the same sizes, set-based in batches of 2,000, in one transaction, rolled back. */
async function bareInserts(
  client: pg.PoolClient,
  rows: number,
  sizes: { text: number; html: number },
): Promise<number> {
  await client.query(
    "CREATE TEMP TABLE IF NOT EXISTS bench_announcements (id uuid PRIMARY KEY, to_address text, subject text, text_body text, html_body text, headers jsonb)",
  );
  const text = "t".repeat(sizes.text);
  const html = "h".repeat(sizes.html);
  const started = performance.now();
  await client.query("BEGIN");
  for (let start = 0; start < rows; start += 2_000) {
    const n = Math.min(2_000, rows - start);
    await client.query(
      `INSERT INTO bench_announcements (id, to_address, subject, text_body, html_body, headers)
       SELECT id, to_address, 'subject', $3, $4, headers::jsonb
         FROM unnest($1::uuid[], $2::text[], $5::text[]) AS m(id, to_address, headers)`,
      [
        Array.from({ length: n }, () => randomUUID()),
        Array.from({ length: n }, (_, i) => `subscriber-${start + i}@${DOMAIN}`),
        text,
        html,
        Array.from({ length: n }, () => '{"List-Unsubscribe":"<https://x.test/u>"}'),
      ],
    );
  }
  await client.query("ROLLBACK");
  return performance.now() - started;
}

/** Seeds the subscribers, measures one announcement to all of them and its ceiling, and removes them again. */
export async function announcementsBench(options: TOptions): Promise<TAnnouncementsResult> {
  const content = ZAdvisoryContent.parse(goContent);
  const pool = new pg.Pool({ connectionString: options.ownerUrl, max: 1 });
  const client = await pool.connect();
  try {
    await seedSubscribers(client);
    console.log(`announcing to ${ANNOUNCEMENT_SUBSCRIBERS} subscribers (rolled back: no mail is sent)…`);
    await client.query("BEGIN");
    const started = performance.now();
    const result = await enqueueAnnouncement(client, {
      kind: "release",
      content,
      meta: {
        id: "BENCH-2026-0001",
        projectName: "Bench",
        url: `${options.portalUrl}/advisories/BENCH-2026-0001`,
      },
      advisoryId: null,
      caseId: null,
      actorId: null,
      now: new Date(),
      portalUrl: options.portalUrl,
    });
    const enqueueMs = performance.now() - started;
    const [sample] = (
      await client.query<{ text: number; html: number }>(
        `SELECT octet_length(text_body) AS text, octet_length(coalesce(html_body, '')) AS html
           FROM outbox_messages WHERE to_address LIKE $1 LIMIT 1`,
        [`%@${DOMAIN}`],
      )
    ).rows;
    await client.query("ROLLBACK");
    const ceilingMs = await bareInserts(client, result.recipients, sample ?? { text: 3_000, html: 6_000 });
    await client.query("DELETE FROM announcement_subscribers WHERE email LIKE $1", [`%@${DOMAIN}`]);

    const s = (ms: number) => (ms / 1000).toFixed(2);
    const met = (ok: boolean) => (ok ? "met" : "NOT MET");
    return {
      lines: [
        `announcement: enqueueAnnouncement to ${result.recipients} confirmed subscribers (each email ${sample?.text ?? "?"} B of text + ${sample?.html ?? "?"} B of HTML, its own unsubscribe link and List-Unsubscribe headers, with its delivery job) in one transaction in ${s(enqueueMs)} s (target ≤ ${s(ANNOUNCEMENT_TARGET_MS)} s, ${met(enqueueMs <= ANNOUNCEMENT_TARGET_MS)}); ceiling: ${result.recipients} bare rows of the same size, set-based, in one transaction, ${s(ceilingMs)} s`,
      ],
      facts: { subscribers: ANNOUNCEMENT_SUBSCRIBERS, recipients: result.recipients, enqueueMs, ceilingMs },
    };
  } finally {
    client.release();
    await pool.end();
  }
}
