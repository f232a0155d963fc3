import { appendAuditEvent, type Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { itemKey, loadReaderPackets, serveItem } from "../access/key-packets";
import { displayName } from "../users/display-name";
import { authorizeAdvisory } from "./advisory-access";

export const ZAdvisoryComments = z.array(
  z.object({
    id: z.string(),
    organizationName: z.string(),
    authorName: z.string().nullable(),
    createdAt: z.date(),
    /** On which draft (null: the draft is gone). */
    draftId: z.string().nullable(),
    /** The comment with only the caller's own session-key packets; null: not granted to the caller yet. */
    ciphertext: z.string().nullable(),
  }),
);

/** The distributors' comments on the case's draft, for its team, each with the caller's own packets; audited. */
export async function listAdvisoryComments({
  db,
  session,
  reportId,
  now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  now: Date;
}): Promise<z.infer<typeof ZAdvisoryComments>> {
  return db.$transaction(async (tx) => {
    const { facts } = await authorizeAdvisory(tx, session, reportId);
    const rows = await tx.advisoryComment.findMany({
      where: { caseId: facts.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        createdAt: true,
        draftId: true,
        ciphertext: true,
        organization: { select: { name: true } },
        author: { select: { name: true, email: true } },
      },
    });
    const packets = await loadReaderPackets(tx, {
      reportId: facts.id,
      reader: { reader: "staff", userId: session.userId },
      kinds: ["advisory-comment"],
    });
    const comments = await Promise.all(
      rows.map(async (c) => ({
        id: c.id,
        organizationName: c.organization.name,
        authorName: c.author ? displayName(c.author) : null,
        createdAt: c.createdAt,
        draftId: c.draftId,
        ciphertext: await serveItem(c.ciphertext, packets.get(itemKey("advisory-comment", c.id))),
      })),
    );
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "advisory.comments_read",
      subjectType: "report",
      subjectId: facts.id,
      data: { comments: comments.length, served: comments.filter((c) => c.ciphertext !== null).length },
      occurredAt: now,
    });
    return comments;
  });
}
