import type { Db } from "@disclose/db";
import type { CaseState, TCaseHistory, TDistributorReceipt } from "@disclose/domain";

// Many case histories, made up and written to the tables the metrics read: for the test that the SQL path gives
// the domain's figures, and for `pnpm bench`. Deterministic (a seeded generator), so a failure repeats.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** mulberry32: small, fast and good enough to spread made-up cases. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function uuidOf(next: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Vectors the made-up cases are scored with: one per severity band, and none. */
export const SAMPLE_VECTORS = [
  "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
  "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N",
  "CVSS:3.1/AV:L/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:N",
  "CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N",
  "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
] as const;

const ACCEPTED_PATH: CaseState[] = [
  "accepted",
  "fix-in-progress",
  "fix-ready",
  "distributors-notified",
  "released",
  "closed",
];

export interface TSeededHistories {
  histories: TCaseHistory[];
  /** The account that made the decisions and downloads (the seed makes it). */
  userId: string;
  organizationIds: string[];
  /** The case ids' vectors, by case. */
  vectorsOf: Map<string, string[]>;
}

/**
 * `count` reports received over the `days` before `now`: most become cases that move along the policy's path
 * with durations on both sides of its windows; the rest are duplicates, rejections, spam or still untriaged.
 * Some cases are public, slowed down, depend on an upstream project, had their fix re-opened, or have an exploit
 * or attacks on record; some were disclosed early to a few of `organizations` organisations.
 */
export function makeCaseHistories(
  count: number,
  options: { now: Date; days?: number; seed?: number; organizations?: number },
): TSeededHistories {
  const next = random(options.seed ?? 15);
  const span = (options.days ?? 730) * DAY;
  const userId = `seed-${uuidOf(next)}`;
  const organizationIds = Array.from({ length: options.organizations ?? 20 }, () => uuidOf(next));
  const vectorsOf = new Map<string, string[]>();
  const nowMs = options.now.getTime();
  const at = (ms: number) => new Date(Math.min(ms, nowMs));
  const histories: TCaseHistory[] = [];
  for (let i = 0; i < count; i++) {
    const id = uuidOf(next);
    const receivedAt = new Date(nowMs - Math.floor(next() * span));
    const r = next();
    const outcome: CaseState | null =
      r < 0.08
        ? "duplicate"
        : r < 0.12
          ? "rejected"
          : r < 0.15
            ? "not-a-vulnerability"
            : r < 0.17
              ? "spam"
              : null;
    const reportPublic = next() < 0.05;
    const acknowledgedAt = next() < 0.95 ? at(receivedAt.getTime() + next() * 72 * HOUR) : null;
    const base: TCaseHistory = {
      id,
      state: "received",
      receivedAt,
      acknowledgedAt,
      decidedAt: null,
      cvssScore: null,
      remotelyExploitable: false,
      privilegeEscalation: false,
      distributorDisclosureSkipped: false,
      mitigationAvailableAt: null,
      disclosureAt: null,
      fixTeamFormedAt: null,
      cvssScoredAt: null,
      fixReadyAt: null,
      fixReopens: 0,
      noticePublishedAt: null,
      distributorsNotifiedAt: null,
      releasedAt: null,
      closedAt: null,
      publicSince: reportPublic ? receivedAt : null,
      exploitPublicAt: null,
      attacksObservedAt: null,
      slowDowns: [],
      upstreamDependencies: [],
      distributorReceipts: [],
    };
    const age = nowMs - receivedAt.getTime();
    if (outcome !== null || (age < 2 * DAY && next() < 0.5)) {
      const decided = outcome !== null ? at(receivedAt.getTime() + next() * 5 * DAY) : null;
      histories.push({
        ...base,
        state: outcome ?? (next() < 0.5 ? "received" : "triage"),
        decidedAt: decided,
        closedAt: decided,
      });
      continue;
    }
    // A case: how far along the policy's path it got, bounded by its age.
    const stage = Math.min(
      ACCEPTED_PATH.length - 1,
      Math.floor(next() * ACCEPTED_PATH.length * Math.min(1, age / (30 * DAY))),
    );
    const t = (days: number) => at(receivedAt.getTime() + days * DAY);
    const vectors =
      next() < 0.85 ? [SAMPLE_VECTORS[Math.floor(next() * SAMPLE_VECTORS.length)] as string] : [];
    vectorsOf.set(id, vectors);
    const h: TCaseHistory = {
      ...base,
      state: ACCEPTED_PATH[stage] as CaseState,
      decidedAt: t(next() * 2),
      remotelyExploitable: next() < 0.4,
      privilegeEscalation: next() < 0.2,
      distributorDisclosureSkipped: next() < 0.3,
      mitigationAvailableAt: next() < 0.2 ? t(next() * 5) : null,
      fixTeamFormedAt: t(next() * 1.6),
      // Made-up scores would disagree with the vectors: the SQL path scores the vectors, so the test does too.
      cvssScoredAt: vectors.length > 0 ? t(next() * 9) : null,
      publicSince: reportPublic ? receivedAt : next() < 0.05 ? t(next() * 10) : null,
    };
    if (stage >= 2) h.fixReadyAt = t(1 + next() * 9);
    if (stage >= 2 && next() < 0.1) h.fixReopens = 1 + Math.floor(next() * 2);
    if (stage >= 2 && next() < 0.6) h.noticePublishedAt = t(2 + next() * 8);
    if (stage >= 3 && (h.remotelyExploitable || h.privilegeEscalation) && !h.distributorDisclosureSkipped) {
      h.distributorsNotifiedAt = t(3 + next() * 14);
      h.disclosureAt = t(12 + next() * 10);
      h.distributorReceipts = receiptsFor(h.distributorsNotifiedAt, organizationIds, next, nowMs);
    }
    if (stage >= 4) h.releasedAt = t(5 + next() * 25);
    if (stage >= 5 && h.releasedAt) h.closedAt = at(h.releasedAt.getTime() + next() * 5 * DAY);
    if (next() < 0.06) h.exploitPublicAt = t(next() * 40);
    if (next() < 0.03) h.attacksObservedAt = t(next() * 40);
    if (next() < 0.04) {
      h.slowDowns.push({
        id: uuidOf(next),
        decidedBy: userId,
        decidedAt: t(1 + next() * 3),
        reason: "Low severity: the team agreed to release with the next minor version.",
        discussedAt: "security@ thread of the week",
        newDueDates: { released: t(40), "fix-developed": t(20) },
      });
    }
    if (next() < 0.03) {
      h.upstreamDependencies.push({
        id: uuidOf(next),
        decidedBy: userId,
        decidedAt: t(1 + next() * 3),
        reason: "The fix lands upstream first.",
        upstreamProject: "golang/go",
        upstreamUrl: "https://go.dev/security",
        newDueDates: { released: t(35) },
      });
    }
    histories.push(h);
  }
  return { histories, userId, organizationIds, vectorsOf };
}

function receiptsFor(
  notifiedAt: Date,
  organizationIds: readonly string[],
  next: () => number,
  nowMs: number,
): TDistributorReceipt[] {
  const chosen = organizationIds.filter(() => next() < 0.3);
  return chosen.map((organizationId) => {
    const after = (hours: number) => {
      const ms = notifiedAt.getTime() + hours * HOUR;
      return ms <= nowMs ? new Date(ms) : null;
    };
    return {
      organizationId,
      notifiedAt,
      acknowledgedAt: next() < 0.8 ? after(next() * 48) : null,
      firstDownloadAt: next() < 0.7 ? after(next() * 24) : null,
      feedbackCount: next() < 0.4 ? 1 + Math.floor(next() * 2) : 0,
    };
  });
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/**
 * Writes the histories to the tables (as the database owner or the app role): reports, cases, vulnerabilities,
 * timeline decisions, case events, and for early disclosure the organisations, notifications, one copy per
 * notification (for its first download) and feedback. Batched by `unnest`, so 10,000 cases take seconds.
 */
export async function insertCaseHistories(db: Db, seeded: TSeededHistories): Promise<void> {
  const { histories, userId, organizationIds, vectorsOf } = seeded;
  const cases = histories.filter((h) => vectorsOf.has(h.id));
  await db.$executeRawUnsafe(
    `INSERT INTO users (id, email, name, updated_at) VALUES ($1, $2, 'Seeded decider', now()) ON CONFLICT DO NOTHING`,
    userId,
    `${userId}@seed.test`,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO distributor_organizations (id, name)
     SELECT id, 'Seeded organisation ' || id::text FROM unnest($1::uuid[]) AS id ON CONFLICT DO NOTHING`,
    organizationIds,
  );
  for (let start = 0; start < histories.length; start += 2000) {
    const batch = histories.slice(start, start + 2000);
    await db.$executeRawUnsafe(
      `INSERT INTO reports (id, received_at, state, ciphertext, encryption, recipient_fingerprints, already_public,
                            tracking_secret_hash, reporter_public_key, reporter_locked_private_key,
                            acknowledged_at, decided_at, closed_at)
       SELECT id, received_at, state, '-----BEGIN PGP MESSAGE-----seeded', 'browser', '{}', already_public,
              md5(id::text) || md5(id::text || 'x'), 'seeded', 'seeded', acknowledged_at, decided_at, closed_at
       FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::boolean[], $5::timestamptz[], $6::timestamptz[],
                   $7::timestamptz[])
         AS t(id, received_at, state, already_public, acknowledged_at, decided_at, closed_at)`,
      batch.map((h) => h.id),
      batch.map((h) => iso(h.receivedAt)),
      batch.map((h) => h.state),
      batch.map((h) => h.publicSince !== null && h.publicSince.getTime() === h.receivedAt.getTime()),
      batch.map((h) => iso(h.acknowledgedAt)),
      batch.map((h) => iso(h.decidedAt)),
      batch.map((h) => iso(h.closedAt)),
    );
  }
  for (let start = 0; start < cases.length; start += 2000) {
    const batch = cases.slice(start, start + 2000);
    const col = (pick: (h: TCaseHistory) => Date | null) => batch.map((h) => iso(pick(h)));
    await db.$executeRawUnsafe(
      `INSERT INTO cases (id, opened_at, already_public, remotely_exploitable, privilege_escalation,
                          mitigation_available, distributor_disclosure_skipped, mitigation_available_at,
                          disclosure_at, fix_team_formed_at, cvss_scored_at, fix_developed_at, fix_reopens,
                          notice_published_at, distributors_notified_at, released_at, public_since)
       SELECT id, opened_at, public_since IS NOT NULL, remote, privilege, mitigation_at IS NOT NULL, skipped,
              mitigation_at, disclosure_at, team_at, scored_at, fix_at, reopens, notice_at, notified_at,
              released_at, public_since
       FROM unnest($1::uuid[], $2::timestamptz[], $3::boolean[], $4::boolean[], $5::boolean[],
                   $6::timestamptz[], $7::timestamptz[], $8::timestamptz[], $9::timestamptz[], $10::timestamptz[],
                   $11::int[], $12::timestamptz[], $13::timestamptz[], $14::timestamptz[], $15::timestamptz[])
         AS t(id, opened_at, remote, privilege, skipped, mitigation_at, disclosure_at, team_at, scored_at, fix_at,
              reopens, notice_at, notified_at, released_at, public_since)`,
      batch.map((h) => h.id),
      col((h) => h.decidedAt ?? h.receivedAt),
      batch.map((h) => h.remotelyExploitable),
      batch.map((h) => h.privilegeEscalation),
      batch.map((h) => h.distributorDisclosureSkipped),
      col((h) => h.mitigationAvailableAt),
      col((h) => h.disclosureAt),
      col((h) => h.fixTeamFormedAt),
      col((h) => h.cvssScoredAt),
      col((h) => h.fixReadyAt),
      batch.map((h) => h.fixReopens),
      col((h) => h.noticePublishedAt),
      col((h) => h.distributorsNotifiedAt),
      col((h) => h.releasedAt),
      col((h) => h.publicSince),
    );
  }
  const vulnerabilities = cases.map((h) => ({ caseId: h.id, vector: vectorsOf.get(h.id)?.[0] ?? null }));
  await db.$executeRawUnsafe(
    `INSERT INTO vulnerabilities (id, case_id, position, cvss_vector)
     SELECT gen_random_uuid(), case_id, 1, vector FROM unnest($1::uuid[], $2::text[]) AS t(case_id, vector)`,
    vulnerabilities.map((v) => v.caseId),
    vulnerabilities.map((v) => v.vector),
  );
  const decisions = cases.flatMap((h) => [
    ...h.slowDowns.map((d) => ({
      caseId: h.id,
      kind: "slow-down",
      d,
      discussedAt: d.discussedAt,
      project: null,
      url: null,
    })),
    ...h.upstreamDependencies.map((d) => ({
      caseId: h.id,
      kind: "upstream-dependency",
      d,
      discussedAt: null,
      project: d.upstreamProject,
      url: d.upstreamUrl,
    })),
  ]);
  await db.$executeRawUnsafe(
    `INSERT INTO timeline_decisions (id, case_id, kind, decided_by_id, decided_at, reason, discussed_at,
                                     upstream_project, upstream_url, new_due_dates)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::text[],
                          $8::text[], $9::text[], $10::jsonb[])`,
    decisions.map((x) => x.d.id),
    decisions.map((x) => x.caseId),
    decisions.map((x) => x.kind),
    decisions.map((x) => x.d.decidedBy),
    decisions.map((x) => iso(x.d.decidedAt)),
    decisions.map((x) => x.d.reason),
    decisions.map((x) => x.discussedAt),
    decisions.map((x) => x.project),
    decisions.map((x) => x.url),
    decisions.map((x) =>
      JSON.stringify(
        Object.fromEntries(Object.entries(x.d.newDueDates).map(([k, v]) => [k, (v as Date).toISOString()])),
      ),
    ),
  );
  const events = cases.flatMap((h) => [
    ...(h.exploitPublicAt ? [{ caseId: h.id, kind: "exploit-public", at: h.exploitPublicAt }] : []),
    ...(h.attacksObservedAt ? [{ caseId: h.id, kind: "attacks-observed", at: h.attacksObservedAt }] : []),
  ]);
  await db.$executeRawUnsafe(
    `INSERT INTO case_events (id, case_id, kind, occurred_at, source, recorded_by_id, recorded_at)
     SELECT gen_random_uuid(), case_id, kind, at, 'seeded', $4, at
     FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS t(case_id, kind, at)`,
    events.map((e) => e.caseId),
    events.map((e) => e.kind),
    events.map((e) => iso(e.at)),
    userId,
  );
  await insertReceipts(db, cases, userId);
}

/** Notifications, one copy each (on one patch version per case) for the first download, and feedback. */
async function insertReceipts(db: Db, cases: readonly TCaseHistory[], userId: string): Promise<void> {
  const disclosed = cases.filter((h) => h.distributorReceipts.length > 0);
  if (disclosed.length === 0) return;
  await db.$executeRawUnsafe(
    `WITH b AS (
       INSERT INTO release_branches (id, case_id, name)
       SELECT gen_random_uuid(), case_id, 'main' FROM unnest($1::uuid[]) AS case_id RETURNING id, case_id
     ), p AS (
       INSERT INTO patches (id, case_id, branch_id) SELECT gen_random_uuid(), case_id, id FROM b RETURNING id, case_id
     )
     INSERT INTO patch_versions (id, patch_id, case_id, version, ciphertext, size, uploaded_at)
     SELECT gen_random_uuid(), id, case_id, 1, '\\x01'::bytea, 1, now() FROM p`,
    disclosed.map((h) => h.id),
  );
  const receipts = disclosed.flatMap((h) => h.distributorReceipts.map((r) => ({ caseId: h.id, r })));
  await db.$executeRawUnsafe(
    `WITH n AS (
       INSERT INTO distributor_notifications (id, case_id, organization_id, notified_at, acknowledged_at)
       SELECT gen_random_uuid(), case_id, organization_id, notified_at, acknowledged_at
       FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::timestamptz[])
         AS t(case_id, organization_id, notified_at, acknowledged_at)
       RETURNING id, case_id, organization_id
     ), c AS (
       INSERT INTO distributor_copies (id, notification_id, case_id, organization_id, patch_version_id, file_name,
                                       ciphertext, size, created_at)
       SELECT gen_random_uuid(), n.id, n.case_id, n.organization_id, v.id, 'seeded.patch', '\\x01'::bytea, 1, now()
       FROM n JOIN patch_versions v ON v.case_id = n.case_id
       RETURNING id, case_id, organization_id
     )
     INSERT INTO distributor_copy_downloads (id, copy_id, user_id, at)
     SELECT gen_random_uuid(), c.id, $6, t.first_download_at
     FROM c JOIN unnest($1::uuid[], $2::uuid[], $5::timestamptz[]) AS t(case_id, organization_id, first_download_at)
       ON t.case_id = c.case_id AND t.organization_id = c.organization_id
     WHERE t.first_download_at IS NOT NULL`,
    receipts.map((x) => x.caseId),
    receipts.map((x) => x.r.organizationId),
    receipts.map((x) => iso(x.r.notifiedAt)),
    receipts.map((x) => iso(x.r.acknowledgedAt)),
    receipts.map((x) => iso(x.r.firstDownloadAt)),
    userId,
  );
  const feedback = receipts.flatMap((x) =>
    Array.from({ length: x.r.feedbackCount }, () => ({
      caseId: x.caseId,
      organizationId: x.r.organizationId,
    })),
  );
  await db.$executeRawUnsafe(
    `INSERT INTO distributor_feedback (id, case_id, organization_id, status, result, created_at)
     SELECT gen_random_uuid(), case_id, organization_id, 'unknown', 'not-tested', now()
     FROM unnest($1::uuid[], $2::uuid[]) AS t(case_id, organization_id)`,
    feedback.map((f) => f.caseId),
    feedback.map((f) => f.organizationId),
  );
}
