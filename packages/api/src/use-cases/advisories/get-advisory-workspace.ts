import { appendAuditEvent, type Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { apiEnv } from "../../env";
import { itemKey, loadReaderPackets, serveItem } from "../access/key-packets";
import { RECEIVING_STATUSES } from "../early-disclosure/disclosure-access";
import { displayName } from "../users/display-name";
import { readerKeyOut, workspaceReaders, ZReaderKeyOut } from "../workspace/workspace-access";
import { authorizeAdvisory, draftRefusal, publishRefusal } from "./advisory-access";

export const ZAdvisoryWorkspace = z.object({
  reportId: z.string(),
  state: z.string(),
  /** The newest draft, with only the caller's own session-key packets (null: not granted to the caller yet). */
  draft: z
    .object({
      id: z.string(),
      createdAt: z.date(),
      authorName: z.string().nullable(),
      ciphertext: z.string().nullable(),
    })
    .nullable(),
  /** How many times the draft was saved. */
  drafts: z.number().int(),
  /** The keys a new draft must be encrypted to: everyone who may read the case's advisory draft now. */
  readers: z.array(ZReaderKeyOut),
  /** The case's vulnerabilities as recorded (each gets its CVE in the advisory). */
  vulnerabilities: z.array(
    z.object({
      id: z.string(),
      position: z.number().int(),
      cveId: z.string().nullable(),
      cweId: z.string().nullable(),
      cvssVector: z.string().nullable(),
    }),
  ),
  published: z
    .object({
      publicId: z.string(),
      revision: z.number().int(),
      publishedAt: z.date(),
      modifiedAt: z.date(),
      withdrawnAt: z.date().nullable(),
      url: z.string(),
    })
    .nullable(),
  /** Organisations notified of the case's early disclosure, with what they hold of the draft and said of it. */
  organizations: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      draftSharedAt: z.date().nullable(),
      sharedDraftId: z.string().nullable(),
      comments: z.number().int(),
    }),
  ),
  comments: z.number().int(),
  mayEdit: z.boolean(),
  editRefusal: z.string().nullable(),
  mayPublish: z.boolean(),
  publishRefusal: z.string().nullable(),
  idPrefix: z.string(),
});
export type TAdvisoryWorkspace = z.infer<typeof ZAdvisoryWorkspace>;

/**
 * The case's advisory as its team works on it: the newest draft (sealed; served with the caller's packets only),
 * the keys a new draft is encrypted to, the case's vulnerabilities, the published advisory if any, and which
 * notified distributors hold a copy of the draft. The read of the draft is audited.
 */
export async function getAdvisoryWorkspace({
  db,
  session,
  reportId,
  now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  now: Date;
}): Promise<TAdvisoryWorkspace> {
  return db.$transaction(async (tx) => {
    const { facts, actor } = await authorizeAdvisory(tx, session, reportId);
    const [latest, count, vulnerabilities, published, notified, comments] = await Promise.all([
      tx.advisoryDraft.findFirst({
        where: { caseId: facts.id },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        select: {
          id: true,
          createdAt: true,
          ciphertext: true,
          authorUser: { select: { name: true, email: true } },
        },
      }),
      tx.advisoryDraft.count({ where: { caseId: facts.id } }),
      tx.vulnerability.findMany({
        where: { caseId: facts.id },
        orderBy: { position: "asc" },
        select: { id: true, position: true, cveId: true, cweId: true, cvssVector: true },
      }),
      tx.advisory.findUnique({
        where: { caseId: facts.id },
        select: { publicId: true, revision: true, publishedAt: true, modifiedAt: true, withdrawnAt: true },
      }),
      tx.distributorNotification.findMany({
        where: {
          caseId: facts.id,
          notifiedAt: { not: null },
          organization: { status: { in: [...RECEIVING_STATUSES] } },
        },
        select: {
          organization: {
            select: {
              id: true,
              name: true,
              advisoryDraftCopies: {
                where: { caseId: facts.id },
                orderBy: { createdAt: "desc" },
                take: 1,
                select: { draftId: true, createdAt: true },
              },
              _count: { select: { advisoryComments: { where: { caseId: facts.id } } } },
            },
          },
        },
      }),
      tx.advisoryComment.count({ where: { caseId: facts.id } }),
    ]);
    let ciphertext: string | null = null;
    if (latest) {
      const packets = await loadReaderPackets(tx, {
        reportId: facts.id,
        reader: { reader: "staff", userId: session.userId },
        kinds: ["advisory-draft"],
      });
      ciphertext = await serveItem(latest.ciphertext, packets.get(itemKey("advisory-draft", latest.id)));
      await appendAuditEvent(tx, {
        actorId: session.userId,
        actorKind: "user",
        action: "advisory.draft_read",
        subjectType: "report",
        subjectId: facts.id,
        data: { draftId: latest.id, served: ciphertext !== null },
        occurredAt: now,
      });
    }
    const readers = await workspaceReaders(tx, facts, "advisory-draft", now);
    const editRefusal = draftRefusal(actor, facts);
    const refusal = published?.withdrawnAt
      ? `${published.publicId} was withdrawn; a withdrawn advisory is kept as it is.`
      : publishRefusal(actor, facts);
    return {
      reportId: facts.id,
      state: facts.state,
      draft: latest
        ? {
            id: latest.id,
            createdAt: latest.createdAt,
            authorName: latest.authorUser ? displayName(latest.authorUser) : null,
            ciphertext,
          }
        : null,
      drafts: count,
      readers: readers.map(readerKeyOut),
      vulnerabilities,
      published: published
        ? { ...published, url: `${apiEnv().PORTAL_URL}/advisories/${published.publicId}` }
        : null,
      organizations: notified
        .map(({ organization: o }) => ({
          id: o.id,
          name: o.name,
          draftSharedAt: o.advisoryDraftCopies[0]?.createdAt ?? null,
          sharedDraftId: o.advisoryDraftCopies[0]?.draftId ?? null,
          comments: o._count.advisoryComments,
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      comments,
      mayEdit: editRefusal === null,
      editRefusal,
      mayPublish: refusal === null,
      publishRefusal: refusal,
      idPrefix: apiEnv().ADVISORY_ID_PREFIX,
    };
  });
}
