import { listPstKeys } from "@disclose/api";
import { sqlQuery } from "@disclose/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FaultCluster, startFaultCluster } from "./support/cluster";
import { flood, floodAddresses, garbageMultipart } from "./support/flood";
import { closeConnections, post, type TResponse } from "./support/http";
import { type RunningPortal, startPortal } from "./support/portal";
import { sleep } from "./support/ports";
import { encryptedReportBodies, type TReportBody } from "./support/reports";

// RATE_LIMIT_SCALE keeps the numbers small: the global limit becomes 600 × 0.1 = 60 a minute (and each client's
// 10 × 0.1 = 1), and the flood is ten times the global limit, from 249 client addresses.
const SCALE = 0.1;
const GLOBAL_LIMIT = 600 * SCALE;
const FLOOD_REQUESTS = 10 * GLOBAL_LIMIT;
const RSS_LIMIT_BYTES = 512 * 1024 * 1024;
// Everything a submission writes besides the limiter's counters.
const TABLES = ["reports", "report_attachments", "key_packets", "audit_events", "outbox_messages"] as const;

async function rowCounts(cluster: FaultCluster): Promise<Record<string, number>> {
  const [row] = await sqlQuery<Record<string, number>>(
    cluster.owner,
    `SELECT ${TABLES.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(", ")}`,
  );
  return row!;
}

describe("a flood of ten times the global rate limit from many client addresses", () => {
  let cluster: FaultCluster;
  let portal: RunningPortal;

  beforeAll(async () => {
    cluster = await startFaultCluster();
    portal = await startPortal({ databaseUrl: cluster.appUrl, rateLimitScale: SCALE });
  });

  afterAll(async () => {
    closeConnections();
    await portal?.stop();
    await cluster?.stop();
  });

  it("refuses with 429 and Retry-After before parsing or writing, and a reporter's submission is never a 5xx", async () => {
    const reports = await encryptedReportBodies(await listPstKeys({ db: cluster.owner }), 3, "flood");
    const submit = (report: TReportBody, localAddress: string) =>
      post(`${portal.url}/api/reports`, {
        body: report.body,
        headers: { "content-type": report.contentType, origin: portal.url },
        localAddress,
      });

    // What one acknowledged submission writes, from a client of its own before the flood.
    const initial = await rowCounts(cluster);
    const baseline = await submit(reports[0]!, "127.0.0.251");
    expect(baseline.status, baseline.body).toBe(201);
    const afterBaseline = await rowCounts(cluster);
    const perSubmission = Object.fromEntries(TABLES.map((t) => [t, afterBaseline[t]! - initial[t]!]));

    // The flood; the legitimate reporter (127.0.0.1, an address of its own) submits as it starts and halfway.
    const garbage = garbageMultipart();
    const legitimate: Promise<TResponse>[] = [submit(reports[1]!, "127.0.0.1")];
    const result = await flood({
      url: `${portal.url}/api/reports`,
      origin: portal.url,
      requests: FLOOD_REQUESTS,
      concurrency: 16,
      addresses: floodAddresses(249),
      body: garbage.body,
      contentType: garbage.contentType,
      onResponse: (done) => {
        if (done === FLOOD_REQUESTS / 2) legitimate.push(submit(reports[2]!, "127.0.0.1"));
      },
    });
    const legit = await Promise.all(legitimate);
    // The counters are written in the request; a moment for any in-flight write to land before counting.
    await sleep(200);
    const after = await rowCounts(cluster);
    const peakRss = portal.peakRssBytes();
    const [{ counters } = { counters: 0 }] = await sqlQuery<{ counters: number }>(
      cluster.owner,
      "SELECT count(*)::int AS counters FROM rate_limits",
    );

    console.log(
      `rate-limit-flood: ${FLOOD_REQUESTS} requests from 249 addresses in ${result.elapsedMs.toFixed(0)} ms: ` +
        `${JSON.stringify(result.statuses)}, ${result.refusedPerSecond.toFixed(0)} refused/s; legitimate: ` +
        `${legit.map((r) => `${r.status} in ${r.ms.toFixed(0)} ms`).join(", ")}; portal peak RSS ` +
        `${(peakRss / 1024 / 1024).toFixed(0)} MB; ${counters} limiter counters`,
    );

    // Every flood request was answered: 429 with Retry-After, or, within the global budget, the 400 its
    // unreadable body earns once it is let through and parsed. Never a 5xx, never a cut connection.
    expect(result.failures).toEqual([]);
    expect(Object.keys(result.statuses).map(Number).sort()).toEqual(
      (result.statuses[400] ? [400, 429] : [429]).sort(),
    );
    expect(result.refusedWithoutRetryAfter).toBe(0);
    expect(result.statuses[400] ?? 0).toBeLessThanOrEqual(GLOBAL_LIMIT);
    expect(result.statuses[429]).toBeGreaterThanOrEqual(FLOOD_REQUESTS - GLOBAL_LIMIT);

    // The legitimate reporter: acknowledged, or told to wait; never a 5xx.
    for (const response of legit) {
      expect([201, 429], response.body).toContain(response.status);
      if (response.status === 429) expect(response.retryAfter).toMatch(/^\d+$/);
    }
    const acknowledged = legit.filter((r) => r.status === 201);
    for (const response of acknowledged) {
      const { reportId } = JSON.parse(response.body) as { reportId: string };
      const [found] = await sqlQuery<{ n: number }>(
        cluster.owner,
        "SELECT count(*)::int AS n FROM reports WHERE id = $1",
        [reportId],
      );
      expect(found?.n, `acknowledged report ${reportId}`).toBe(1);
    }

    // Nothing written for the flood: only the legitimate reports' rows, and the limiter's counters (one per
    // client and rule, and the global one).
    for (const table of TABLES) {
      expect(after[table], table).toBe(afterBaseline[table]! + acknowledged.length * perSubmission[table]!);
    }
    expect(counters).toBeLessThanOrEqual(2 * (249 + 2) + 1);

    expect(portal.alive(), portal.output()).toBe(true);
    expect(peakRss).toBeLessThan(RSS_LIMIT_BYTES);
  });
});
