import type { Db } from "@disclose/db";
import { earlyDisclosureBlocker, type TCaseFacts } from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { createAuditHeadCache } from "../cache/audit-head-cache";
import { authorizeDisclosure, keyRefsReceivability, loadCurrentPatchVersions } from "./disclosure-access";

export const ZReceipt = z.object({
  notifiedAt: z.date().nullable(),
  /** The first download by any member: the copies were opened. */
  openedAt: z.date().nullable(),
  acknowledgedAt: z.date().nullable(),
  downloads: z.number().int(),
  feedback: z.number().int(),
  /** The patch versions this organisation has a copy of. */
  copyVersionIds: z.array(z.string()),
});

export const ZDisclosureOrganization = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  markCode: z.string().nullable(),
  /** Why it cannot receive copies (no usable key, removed); null when it can. */
  cannotReceive: z.string().nullable(),
  chosen: z.boolean(),
  receipt: ZReceipt.nullable(),
});

export const ZEarlyDisclosureView = z.object({
  reportId: z.string(),
  state: z.string(),
  /** Why the case cannot be disclosed early (null: it may). */
  blocker: z.string().nullable(),
  disclosureAt: z.date().nullable(),
  disclosure: z
    .object({ terms: z.string(), noticeReason: z.string().nullable(), updatedAt: z.date() })
    .nullable(),
  organizations: z.array(ZDisclosureOrganization),
  patchVersions: z.array(
    z.object({ id: z.string(), branchName: z.string(), version: z.number().int(), fileName: z.string() }),
  ),
});
export type TEarlyDisclosureView = z.infer<typeof ZEarlyDisclosureView>;

/**
 * The Fix Lead's view of a case's early disclosure (recomputed after a change or in a new minute, see
 * createAuditHeadCache): the terms and time, the organisations that may receive it
 * (whether each can receive, without its keys: `getDisclosureRecipients` gives those), the current patch versions, and each chosen organisation's receipt.
 */
export async function getEarlyDisclosure({
  db,
  session,
  reportId,
  now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  now: Date;
}): Promise<TEarlyDisclosureView> {
  const facts = await authorizeDisclosure(db, session, reportId);
  // Authorized first: the view is the same for everyone who may see it, so it is kept until something changes.
  return recentViews(db, facts.id, now, (minute) => loadEarlyDisclosure(db, facts, minute));
}

// Views of 500 organisations are a few hundred kB each; the cases being disclosed at once are few.
const recentViews = createAuditHeadCache<TEarlyDisclosureView>({ max: 8 });

async function loadEarlyDisclosure(db: Db, facts: TCaseFacts, now: Date): Promise<TEarlyDisclosureView> {
  const blocker = earlyDisclosureBlocker(facts);
  const listed = blocker === null;
  const [disclosure, patchVersions, rows] = await Promise.all([
    db.caseDistributorDisclosure.findUnique({
      where: { caseId: facts.id },
      select: { terms: true, noticeReason: true, updatedAt: true },
    }),
    listed ? loadCurrentPatchVersions(db, facts.id) : Promise.resolve([]),
    // One query for the table: the organisations on the list (when the case qualifies) and every organisation
    // chosen for the case, each with its receipt. Counts and first times by aggregate, not every download row;
    // keys by reference (the keys are megabytes: see keyRefsReceivability). Three Prisma queries and a groupBy each cost twice this.
    db.$queryRaw<TOrganizationRow[]>`
      WITH receipts AS (
        SELECT n.organization_id, n.notified_at, n.acknowledged_at,
          coalesce(array_agg(c.patch_version_id::text ORDER BY c.created_at) FILTER (WHERE c.id IS NOT NULL),
                   ARRAY[]::text[]) AS copy_version_ids,
          coalesce(sum(d.downloads), 0)::int AS downloads,
          min(d.first_at) AS opened_at
        FROM distributor_notifications n
        LEFT JOIN distributor_copies c ON c.notification_id = n.id
        LEFT JOIN (
          SELECT d.copy_id, count(*) AS downloads, min(d.at) AS first_at
          FROM distributor_copy_downloads d JOIN distributor_copies c ON c.id = d.copy_id
          WHERE c.case_id = ${facts.id}::uuid
          GROUP BY d.copy_id
        ) d ON d.copy_id = c.id
        WHERE n.case_id = ${facts.id}::uuid
        GROUP BY n.organization_id, n.notified_at, n.acknowledged_at
      ),
      feedback AS (
        SELECT organization_id, count(*)::int AS feedback FROM distributor_feedback
        WHERE case_id = ${facts.id}::uuid GROUP BY organization_id
      ),
      current_keys AS (
        SELECT DISTINCT ON (user_id) user_id, id FROM pgp_keys
        WHERE retired_at IS NULL ORDER BY user_id, created_at DESC
      ),
      members AS (
        SELECT m.organization_id, count(*)::int AS members,
          array_remove(array_agg('key:' || k.id::text), NULL) AS key_refs
        FROM distributor_memberships m
        JOIN users u ON u.id = m.user_id AND u.active
        LEFT JOIN current_keys k ON k.user_id = m.user_id
        WHERE m.status <> 'removed'
        GROUP BY m.organization_id
      )
      SELECT o.id::text AS id, o.name, o.status, o.mark_code,
        o.status IN ('active', 'warned') AS receiving,
        coalesce(m.members, 0) AS members,
        coalesce(m.key_refs, ARRAY[]::text[])
          || CASE WHEN o.team_key_armored IS NOT NULL AND o.team_key_fingerprint IS NOT NULL
                  THEN ARRAY['team:' || md5(o.team_key_armored)] ELSE ARRAY[]::text[] END AS key_refs,
        r.organization_id IS NOT NULL AS chosen, r.notified_at, r.acknowledged_at, r.opened_at,
        r.downloads, r.copy_version_ids, coalesce(f.feedback, 0) AS feedback
      FROM distributor_organizations o
      LEFT JOIN members m ON m.organization_id = o.id
      LEFT JOIN receipts r ON r.organization_id = o.id
      LEFT JOIN feedback f ON f.organization_id = o.id
      WHERE (${listed} AND o.status IN ('active', 'warned')) OR r.organization_id IS NOT NULL
      ORDER BY receiving DESC, o.name ASC`,
  ]);
  const cannotReceiveOf = await keyRefsReceivability(
    db,
    now,
    rows.filter((r) => r.receiving).map((r) => r.key_refs),
  );
  const organizations = rows.map(
    (r): z.infer<typeof ZDisclosureOrganization> => ({
      id: r.id,
      name: r.name,
      status: r.status,
      markCode: r.mark_code,
      // A chosen organisation removed from the list since: its receipt stays, it gets nothing more.
      cannotReceive: r.receiving
        ? cannotReceiveOf({ members: r.members, keyRefs: r.key_refs })
        : r.status === "removed"
          ? "It was removed from the list."
          : "It cannot receive now.",
      chosen: r.chosen,
      receipt: r.chosen
        ? {
            notifiedAt: r.notified_at,
            openedAt: r.opened_at,
            acknowledgedAt: r.acknowledged_at,
            downloads: r.downloads ?? 0,
            feedback: r.feedback,
            copyVersionIds: r.copy_version_ids ?? [],
          }
        : null,
    }),
  );
  return {
    reportId: facts.id,
    state: facts.state,
    blocker,
    disclosureAt: facts.disclosureAt,
    disclosure,
    organizations,
    patchVersions,
  };
}

interface TOrganizationRow {
  id: string;
  name: string;
  status: string;
  mark_code: string | null;
  receiving: boolean;
  members: number;
  key_refs: string[];
  chosen: boolean;
  notified_at: Date | null;
  acknowledged_at: Date | null;
  opened_at: Date | null;
  downloads: number | null;
  copy_version_ids: string[] | null;
  feedback: number;
}
