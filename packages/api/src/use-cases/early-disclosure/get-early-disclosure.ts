import type { Db } from "@disclose/db";
import { earlyDisclosureBlocker } from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import {
  authorizeDisclosure,
  loadCurrentPatchVersions,
  loadOrganizationReceivability,
} from "./disclosure-access";

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
 * The Fix Lead's view of a case's early disclosure: the terms and time, the organisations that may receive it
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
  const blocker = earlyDisclosureBlocker(facts);
  const [disclosure, notifications, patchVersions, receivable] = await Promise.all([
    db.caseDistributorDisclosure.findUnique({
      where: { caseId: facts.id },
      select: { terms: true, noticeReason: true, updatedAt: true },
    }),
    db.distributorNotification.findMany({
      where: { caseId: facts.id },
      select: {
        organizationId: true,
        notifiedAt: true,
        acknowledgedAt: true,
        organization: { select: { name: true, status: true, markCode: true } },
        copies: { select: { id: true, patchVersionId: true } },
      },
    }),
    blocker ? Promise.resolve([]) : loadCurrentPatchVersions(db, facts.id),
    blocker ? Promise.resolve([]) : loadOrganizationReceivability(db, now),
  ]);
  // Counts and first times by aggregate, not every download row.
  const [feedback, downloadsByCopy] = await Promise.all([
    db.distributorFeedback.groupBy({
      by: ["organizationId"],
      where: { caseId: facts.id },
      _count: { _all: true },
    }),
    db.distributorCopyDownload.groupBy({
      by: ["copyId"],
      where: { copy: { caseId: facts.id } },
      _count: { _all: true },
      _min: { at: true },
    }),
  ]);
  const downloadsOf = new Map(downloadsByCopy.map((d) => [d.copyId, d]));
  const feedbackBy = new Map(feedback.map((f) => [f.organizationId, f._count._all]));
  const byOrg = new Map(notifications.map((n) => [n.organizationId, n]));
  const receiptOf = (id: string): z.infer<typeof ZReceipt> | null => {
    const n = byOrg.get(id);
    if (!n) return null;
    let downloads = 0;
    let openedAt: Date | null = null;
    for (const c of n.copies) {
      const d = downloadsOf.get(c.id);
      if (!d) continue;
      downloads += d._count._all;
      if (d._min.at && (!openedAt || d._min.at < openedAt)) openedAt = d._min.at;
    }
    return {
      notifiedAt: n.notifiedAt,
      openedAt,
      acknowledgedAt: n.acknowledgedAt,
      downloads,
      feedback: feedbackBy.get(id) ?? 0,
      copyVersionIds: n.copies.map((c) => c.patchVersionId),
    };
  };
  const organizations: z.infer<typeof ZDisclosureOrganization>[] = receivable.map((o) => ({
    id: o.id,
    name: o.name,
    status: o.status,
    markCode: o.markCode,
    cannotReceive: o.cannotReceive,
    chosen: byOrg.has(o.id),
    receipt: receiptOf(o.id),
  }));
  // A chosen organisation removed from the list since: its receipt stays, it gets nothing more.
  for (const n of notifications) {
    if (organizations.some((o) => o.id === n.organizationId)) continue;
    organizations.push({
      id: n.organizationId,
      name: n.organization.name,
      status: n.organization.status,
      markCode: n.organization.markCode,
      cannotReceive:
        n.organization.status === "removed" ? "It was removed from the list." : "It cannot receive now.",
      chosen: true,
      receipt: receiptOf(n.organizationId),
    });
  }
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
