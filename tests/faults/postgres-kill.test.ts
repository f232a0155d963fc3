import { listPstKeys } from "@disclose/api";
import { sqlQuery, verifyAuditChain } from "@disclose/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FaultCluster, startFaultCluster } from "./support/cluster";
import { closeConnections, post, type TResponse } from "./support/http";
import { type RunningPortal, startPortal } from "./support/portal";
import { sleep } from "./support/ports";
import { encryptedReportBodies } from "./support/reports";

// A bounded stream: a few concurrent reporters, a kill after BEFORE acknowledged reports, and the stream goes on
// until AFTER more are acknowledged by the same portal process (or the bodies or the deadline run out).
const CLIENTS = 4;
const BEFORE = 20;
const AFTER = 10;
const BODIES = 200;
const OUTAGE_MS = 1_500;
const STREAM_DEADLINE_MS = 60_000;

interface TSent extends TResponse {
  index: number;
  /** When the request was sent and its response came, ms since the stream began. */
  sentAt: number;
  at: number;
  reportId?: string;
}

describe("PostgreSQL killed with SIGKILL in the middle of a stream of submissions", () => {
  let cluster: FaultCluster;
  let portal: RunningPortal;

  beforeAll(async () => {
    cluster = await startFaultCluster();
    // The limiter stays on (its counters are part of every request) with room for this stream.
    portal = await startPortal({ databaseUrl: cluster.appUrl, rateLimitScale: 1000 });
  });

  afterAll(async () => {
    closeConnections();
    await portal?.stop();
    await cluster?.stop();
  });

  it("acknowledges only committed reports, answers 503 with Retry-After meanwhile, and recovers by itself", async () => {
    const bodies = await encryptedReportBodies(await listPstKeys({ db: cluster.owner }), BODIES, "kill");
    const sent: TSent[] = [];
    const began = performance.now();
    let next = 0;
    let accepted = 0;
    let restartedAt: number | undefined;
    let acceptedAfterRestart = 0;
    let stop = false;

    const reporter = async () => {
      while (!stop && performance.now() - began < STREAM_DEADLINE_MS) {
        const index = next++;
        const report = bodies[index];
        if (!report) break;
        const sentAt = performance.now() - began;
        const response = await post(`${portal.url}/api/reports`, {
          body: report.body,
          headers: { "content-type": report.contentType, origin: portal.url },
        });
        const at = performance.now() - began;
        const reportId =
          response.status === 201 ? (JSON.parse(response.body) as { reportId: string }).reportId : undefined;
        sent.push({ ...response, index, sentAt, at, ...(reportId ? { reportId } : {}) });
        if (response.status === 201) {
          accepted++;
          if (restartedAt !== undefined) acceptedAfterRestart++;
          if (acceptedAfterRestart >= AFTER) stop = true;
        } else {
          // Refused: this reporter waits a moment and sends the next report (never the same one again: a 503
          // for a request cut during its COMMIT cannot say whether it committed, and the check below traces
          // each ciphertext).
          await sleep(200);
        }
      }
    };
    const stream = Promise.all(Array.from({ length: CLIENTS }, reporter));

    for (let i = 0; i < 600 && accepted < BEFORE; i++) await sleep(50);
    expect(accepted, "reports acknowledged before the kill").toBeGreaterThanOrEqual(BEFORE);
    const killedAt = performance.now() - began;
    const killedPid = await cluster.kill();
    // tRPC meets the outage too: a tracking-page read (its rate limit is the first query) is a 503 that says
    // when to come back, not a 500.
    const trackingInput = encodeURIComponent(
      JSON.stringify({ json: { token: "not-a-report.not-a-secret" } }),
    );
    const trpc = await fetch(`${portal.url}/api/trpc/tracking.view?input=${trackingInput}`);
    const trpcBody = await trpc.text();
    await sleep(OUTAGE_MS);
    const restartBegan = performance.now() - began;
    await cluster.restart();
    restartedAt = performance.now() - began;
    await stream;
    stop = true;

    const byStatus = new Map<number, number>();
    for (const s of sent) byStatus.set(s.status, (byStatus.get(s.status) ?? 0) + 1);
    // The outage as a reporter sees it: from the kill to the first acknowledgement of a report sent after it.
    const firstAcceptedAfterKill = sent.find((s) => s.sentAt > killedAt && s.status === 201);
    const unavailable = sent.filter((s) => s.status === 503);
    console.log(
      `postgres-kill: postmaster ${killedPid} SIGKILLed at ${killedAt.toFixed(0)} ms after ${accepted - acceptedAfterRestart} acknowledged reports; ` +
        `restart ${restartBegan.toFixed(0)}–${restartedAt.toFixed(0)} ms; first 201 of a report sent after the kill at ${firstAcceptedAfterKill?.at.toFixed(0)} ms ` +
        `(outage ${firstAcceptedAfterKill ? (firstAcceptedAfterKill.at - killedAt).toFixed(0) : "?"} ms); ` +
        `responses ${JSON.stringify(Object.fromEntries(byStatus))}`,
    );

    expect(trpc.status, trpcBody).toBe(503);
    expect(trpc.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(trpcBody).toContain("try again in half a minute");

    // The same portal process went on: it recovered without a restart.
    expect(portal.alive(), portal.output()).toBe(true);
    expect(acceptedAfterRestart, "reports acknowledged after the restart").toBeGreaterThanOrEqual(AFTER);
    // Only acknowledgements and honest 503s: no 500, no cut connection, nothing else.
    expect(
      sent.filter((s) => s.status !== 201 && s.status !== 503).map((s) => `${s.status} ${s.error ?? s.body}`),
    ).toEqual([]);
    expect(unavailable.length, "the outage was seen").toBeGreaterThan(0);
    for (const s of unavailable) {
      expect(s.retryAfter).toMatch(/^\d+$/);
      expect(JSON.parse(s.body)).toMatchObject({
        error: { code: "UNAVAILABLE", message: expect.stringContaining("your report was not saved") },
      });
    }

    // Every acknowledged report is there exactly once, and so is its ciphertext.
    const rows = await sqlQuery<{ id: string; digest: string }>(
      cluster.owner,
      "SELECT id::text AS id, md5(ciphertext) AS digest FROM reports",
    );
    const ids = new Map<string, number>();
    const digests = new Map<string, number>();
    for (const row of rows) {
      ids.set(row.id, (ids.get(row.id) ?? 0) + 1);
      digests.set(row.digest, (digests.get(row.digest) ?? 0) + 1);
    }
    const acknowledged = sent.filter((s) => s.status === 201);
    for (const s of acknowledged) {
      expect(ids.get(s.reportId!), `report ${s.reportId}`).toBe(1);
      const digest = rows.find((row) => row.id === s.reportId)!.digest;
      expect(digests.get(digest), `ciphertext of report ${s.reportId}`).toBe(1);
    }
    expect(
      [...digests.values()].filter((n) => n > 1),
      "no ciphertext stored twice",
    ).toEqual([]);
    // What is stored beyond the acknowledged reports can only be requests the outage cut while committing
    // (their 503 cannot know); never more of them than there were refusals.
    const unacknowledgedStored = rows.length - acknowledged.length;
    console.log(
      `postgres-kill: ${rows.length} reports stored, ${unacknowledgedStored} of them unacknowledged`,
    );
    expect(unacknowledgedStored).toBeGreaterThanOrEqual(0);
    expect(unacknowledgedStored).toBeLessThanOrEqual(unavailable.length);

    // Each acknowledged report's "received" event is in the audit log once, and the chain verifies.
    const events = await sqlQuery<{ subject_id: string; n: number }>(
      cluster.owner,
      `SELECT subject_id, count(*)::int AS n FROM audit_events WHERE action = 'report.received' GROUP BY subject_id`,
    );
    const eventsOf = new Map(events.map((e) => [e.subject_id, e.n]));
    for (const s of acknowledged) expect(eventsOf.get(s.reportId!), `audit of ${s.reportId}`).toBe(1);
    const chain = await verifyAuditChain(cluster.owner);
    expect(chain).toMatchObject({ ok: true });
  });
});
