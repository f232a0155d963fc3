import { appendAuditEvent, type Db } from "@disclose/db";
import { mayHold } from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { itemKey, loadReaderPackets, serveItem } from "../access/key-packets";
import { displayName } from "../users/display-name";
import { authorizeWorkspace } from "../workspace/workspace-access";
import { FEEDBACK_RESULTS, FEEDBACK_STATUSES } from "./feedback-values";
import { authorizeNotifiedDistributor } from "./notified-distributor";

const ZFeedbackEntry = z.object({
  id: z.string(),
  createdAt: z.date(),
  authorName: z.string().nullable(),
  patchVersion: z.number().int().nullable(),
  status: z.enum(FEEDBACK_STATUSES),
  result: z.enum(FEEDBACK_RESULTS),
  hasDetails: z.boolean(),
});

/** The organisation's own feedback on a case: what it said, without the details it sealed to the team. */
export const ZOrganizationFeedback = z.object({ entries: z.array(ZFeedbackEntry) });

/** Every organisation's feedback on a case, for its team; details carry only the reader's own key packets. */
export const ZCaseFeedback = z.object({
  entries: z.array(
    ZFeedbackEntry.extend({
      organizationId: z.string(),
      organizationName: z.string(),
      /** Null: no details, or not granted to the caller yet. */
      details: z.string().nullable(),
    }),
  ),
});

const ENTRY_INCLUDE = {
  author: { select: { name: true, email: true } },
  patchVersion: { select: { version: true } },
  organization: { select: { name: true } },
} as const;

type TRow = {
  id: string;
  createdAt: Date;
  status: string;
  result: string;
  detailsCiphertext: string | null;
  author: { name: string | null; email: string } | null;
  patchVersion: { version: number } | null;
};

function entryOf(row: TRow): z.infer<typeof ZFeedbackEntry> {
  return {
    id: row.id,
    createdAt: row.createdAt,
    authorName: row.author ? displayName(row.author) : null,
    patchVersion: row.patchVersion?.version ?? null,
    status: row.status as z.infer<typeof ZFeedbackEntry>["status"],
    result: row.result as z.infer<typeof ZFeedbackEntry>["result"],
    hasDetails: row.detailsCiphertext !== null,
  };
}

/** A notified organisation's own entries on a case (any of its members wrote them). */
export async function listOrganizationFeedback({
  db,
  session,
  reportId,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
}): Promise<z.infer<typeof ZOrganizationFeedback>> {
  return db.$transaction(async (tx) => {
    const { facts, organizationId } = await authorizeNotifiedDistributor(tx, session, reportId);
    const rows = await tx.distributorFeedback.findMany({
      where: { caseId: facts.id, organizationId },
      include: ENTRY_INCLUDE,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    return { entries: rows.map(entryOf) };
  });
}

/** Every organisation's feedback on a case, for the PST, its Fix Lead and Fix Team; each read audited by counts. */
export async function listCaseFeedback({
  db,
  session,
  reportId,
  now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  now: Date;
}): Promise<z.infer<typeof ZCaseFeedback>> {
  return db.$transaction(async (tx) => {
    const { facts, actor } = await authorizeWorkspace(tx, session, reportId);
    if (!mayHold(actor, "distributor-feedback", facts)) {
      throw new AppError(AppErrorCode.FORBIDDEN, "Only the PST and this case's Fix Team read its feedback.");
    }
    const rows = await tx.distributorFeedback.findMany({
      where: { caseId: facts.id },
      include: ENTRY_INCLUDE,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const packets = await loadReaderPackets(tx, {
      reportId: facts.id,
      reader: { reader: "staff", userId: session.userId },
      kinds: ["distributor-feedback"],
    });
    const entries = await Promise.all(
      rows.map(async (row) => ({
        ...entryOf(row),
        organizationId: row.organizationId,
        organizationName: row.organization.name,
        details: row.detailsCiphertext
          ? await serveItem(row.detailsCiphertext, packets.get(itemKey("distributor-feedback", row.id)))
          : null,
      })),
    );
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "distributor.feedback_read",
      subjectType: "report",
      subjectId: facts.id,
      data: { entries: entries.length, served: entries.filter((e) => e.details !== null).length },
      occurredAt: now,
    });
    return { entries };
  });
}
