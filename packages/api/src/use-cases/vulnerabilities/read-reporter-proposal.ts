import { appendAuditEvent, type Db } from "@disclose/db";
import { mayHold } from "@disclose/domain";
import type { SessionInfo } from "../../context";
import { indexLegacyKeyPackets } from "../access/case-readers";
import { itemKey, loadReaderPackets, serveItem } from "../access/key-packets";
import { authorizeCase } from "../cases/case-access";

/**
 * The encrypted report alone, with only the caller's own session-key packet, for the browser to read the reporter's
 * proposed CVSS vector from (it is inside the report; the server never sees it). A read of the report like any
 * other (the domain's report.read, audited), without the report page's side effects (the thread, the inbox's
 * "read" marker). Null when the report is not granted to the caller's key yet.
 */
export async function readReporterProposal({
  db,
  session,
  reportId,
  now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  now: Date;
}): Promise<{ ciphertext: string | null }> {
  return db.$transaction(async (tx) => {
    const { facts, actor } = await authorizeCase(tx, session, reportId, "report.read");
    await indexLegacyKeyPackets(tx, facts.id, now);
    const report = await tx.report.findUniqueOrThrow({
      where: { id: facts.id },
      select: { ciphertext: true },
    });
    const packets = mayHold(actor, "report", facts)
      ? (
          await loadReaderPackets(tx, {
            reportId: facts.id,
            reader: { reader: "staff", userId: session.userId },
            kinds: ["report"],
          })
        ).get(itemKey("report", facts.id))
      : undefined;
    const ciphertext = await serveItem(report.ciphertext, packets);
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "report.read",
      subjectType: "report",
      subjectId: facts.id,
      data: { served: ciphertext ? ["report"] : [], purpose: "reporter's CVSS vector" },
      occurredAt: now,
    });
    return { ciphertext };
  });
}
