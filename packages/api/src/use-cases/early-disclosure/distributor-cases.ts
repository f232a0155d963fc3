import { randomUUID } from "node:crypto";
import { appendAuditEvent, type Db, type DbTx } from "@disclose/db";
import { can, scoreCvss, type TActor } from "@disclose/domain";
import { z } from "zod";
import { actorOf } from "../../auth/actor";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { isUuid, loadCaseFacts } from "../cases/case-access";
import { projectNameOf } from "./notify-organization";

// A distributor sees a case only through its organisation's notification: never before it is notified, never
// another organisation's copies, nothing once its membership is removed. Every query below is scoped so.

const notFound = () =>
  new AppError(AppErrorCode.NOT_FOUND, "There is no such case disclosed to your organisation.");

/** The caller's organisation, when they are a member of one on the list (not removed). */
function organizationOf(session: SessionInfo): string | null {
  const actor = actorOf(session);
  return actor.kind === "distributor" && actor.membership !== "removed" ? actor.organizationId : null;
}

/**
 * The caller's organisation's notification of this case, when the domain gives them the distributor's right to
 * its embargoed material ("embargo.read": a member of a notified organisation); NOT_FOUND otherwise.
 */
async function authorizeDistributorCase(
  db: Db | DbTx,
  session: SessionInfo,
  reportId: string,
): Promise<{ notificationId: string; organizationId: string; caseId: string; actor: TActor }> {
  const organizationId = organizationOf(session);
  if (!organizationId || !isUuid(reportId)) throw notFound();
  const facts = await loadCaseFacts(db, reportId);
  const actor = actorOf(session);
  if (!facts || !can(actor, "embargo.read", { kind: "case", case: facts })) throw notFound();
  const notification = await db.distributorNotification.findFirst({
    where: { caseId: facts.id, organizationId, notifiedAt: { not: null } },
    select: { id: true },
  });
  if (!notification) throw notFound();
  return { notificationId: notification.id, organizationId, caseId: facts.id, actor };
}

export const ZDistributorCaseSummary = z.object({
  caseId: z.string(),
  notifiedAt: z.date(),
  disclosureAt: z.date().nullable(),
  acknowledgedAt: z.date().nullable(),
});

/** The cases disclosed to the caller's organisation (notified), newest first. */
export async function listDistributorCases({
  db,
  session,
}: {
  db: Db;
  session: SessionInfo;
}): Promise<z.infer<typeof ZDistributorCaseSummary>[]> {
  const organizationId = organizationOf(session);
  if (!organizationId) return [];
  const rows = await db.distributorNotification.findMany({
    where: { organizationId, notifiedAt: { not: null } },
    orderBy: { notifiedAt: "desc" },
    take: 200,
    select: {
      caseId: true,
      notifiedAt: true,
      acknowledgedAt: true,
      case: { select: { disclosureAt: true } },
    },
  });
  return rows.map((r) => ({
    caseId: r.caseId,
    notifiedAt: r.notifiedAt as Date,
    disclosureAt: r.case.disclosureAt,
    acknowledgedAt: r.acknowledgedAt,
  }));
}

export const ZDistributorCaseView = z.object({
  caseId: z.string(),
  /** For the calendar entry of the embargo end. */
  projectName: z.string(),
  state: z.string(),
  disclosureAt: z.date().nullable(),
  terms: z.string(),
  notifiedAt: z.date(),
  acknowledgedAt: z.date().nullable(),
  severity: z.array(
    z.object({ cvssVector: z.string(), score: z.number().nullable(), rating: z.string().nullable() }),
  ),
  affected: z.array(z.object({ branch: z.string(), releaseVersion: z.string().nullable() })),
  mitigationAvailable: z.boolean(),
  copies: z.array(
    z.object({
      id: z.string(),
      fileName: z.string(),
      size: z.number().int(),
      branchName: z.string(),
      version: z.number().int(),
      createdAt: z.date(),
    }),
  ),
});

/** What the policy lets a notified distributor see of a case: no report, only the facts to act on and its copies. */
export async function getDistributorCase({
  db,
  session,
  reportId,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
}): Promise<z.infer<typeof ZDistributorCaseView>> {
  const { notificationId, caseId } = await authorizeDistributorCase(db, session, reportId);
  const row = await db.distributorNotification.findUniqueOrThrow({
    where: { id: notificationId },
    select: {
      notifiedAt: true,
      acknowledgedAt: true,
      copies: {
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          fileName: true,
          size: true,
          createdAt: true,
          patchVersion: {
            select: { version: true, patch: { select: { branch: { select: { name: true } } } } },
          },
        },
      },
      case: {
        select: {
          disclosureAt: true,
          mitigationAvailable: true,
          openedFrom: { select: { state: true } },
          distributorDisclosure: { select: { terms: true } },
          vulnerabilities: { orderBy: { position: "asc" }, select: { cvssVector: true } },
          branches: { orderBy: { name: "asc" }, select: { name: true, releaseVersion: true } },
        },
      },
    },
  });
  return {
    caseId,
    projectName: await projectNameOf(db),
    state: row.case.openedFrom.state,
    disclosureAt: row.case.disclosureAt,
    terms: row.case.distributorDisclosure?.terms ?? "",
    notifiedAt: row.notifiedAt as Date,
    acknowledgedAt: row.acknowledgedAt,
    severity: row.case.vulnerabilities.flatMap((v): z.infer<typeof ZDistributorCaseView>["severity"] => {
      if (!v.cvssVector) return [];
      try {
        const scored = scoreCvss(v.cvssVector);
        return [{ cvssVector: v.cvssVector, score: scored.baseScore, rating: scored.severity }];
      } catch {
        return [{ cvssVector: v.cvssVector, score: null, rating: null }];
      }
    }),
    affected: row.case.branches.map((b) => ({ branch: b.name, releaseVersion: b.releaseVersion })),
    mitigationAvailable: row.case.mitigationAvailable,
    copies: row.copies.map((c) => ({
      id: c.id,
      fileName: c.fileName,
      size: c.size,
      branchName: c.patchVersion.patch.branch.name,
      version: c.patchVersion.version,
      createdAt: c.createdAt,
    })),
  };
}

export const ZCopyId = z.object({
  reportId: z.string().trim().min(1, "Choose a case.").max(64, "That is not a case id."),
  copyId: z.string().trim().min(1, "Choose a copy.").max(64, "That is not a copy id."),
});

/** One of the caller's organisation's copies, encrypted to its keys; each download is recorded per person. */
export async function downloadDistributorCopy({
  db,
  session,
  input,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: z.infer<typeof ZCopyId>;
  now: Date;
}): Promise<{ fileName: string; ciphertext: Uint8Array }> {
  return db.$transaction(async (tx) => {
    const { notificationId, caseId, organizationId } = await authorizeDistributorCase(
      tx,
      session,
      input.reportId,
    );
    const copy = isUuid(input.copyId)
      ? await tx.distributorCopy.findFirst({
          where: { id: input.copyId, notificationId },
          select: { id: true, fileName: true, ciphertext: true, patchVersionId: true },
        })
      : null;
    if (!copy) throw new AppError(AppErrorCode.NOT_FOUND, "There is no such copy for your organisation.");
    await tx.distributorCopyDownload.create({
      data: { id: randomUUID(), copyId: copy.id, userId: session.userId, at: now },
    });
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "case.distributor_copy_downloaded",
      subjectType: "report",
      subjectId: caseId,
      data: { organizationId, copyId: copy.id, patchVersionId: copy.patchVersionId },
      occurredAt: now,
    });
    return { fileName: copy.fileName, ciphertext: new Uint8Array(copy.ciphertext) };
  });
}

/** "Acknowledge receipt": the organisation has the notice; the first acknowledgement is the one kept. */
export async function acknowledgeDistributorCase({
  db,
  session,
  reportId,
  now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  now: Date;
}): Promise<{ acknowledgedAt: Date }> {
  return db.$transaction(async (tx) => {
    const { notificationId, caseId, organizationId } = await authorizeDistributorCase(tx, session, reportId);
    const first = await tx.distributorNotification.updateMany({
      where: { id: notificationId, acknowledgedAt: null },
      data: { acknowledgedAt: now, acknowledgedById: session.userId },
    });
    const row = await tx.distributorNotification.findUniqueOrThrow({
      where: { id: notificationId },
      select: { acknowledgedAt: true },
    });
    if (first.count === 1) {
      await appendAuditEvent(tx, {
        actorId: session.userId,
        actorKind: "user",
        action: "case.distributor_acknowledged",
        subjectType: "report",
        subjectId: caseId,
        data: { organizationId },
        occurredAt: now,
      });
    }
    return { acknowledgedAt: row.acknowledgedAt as Date };
  });
}
