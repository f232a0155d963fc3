import type { Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { workspaceReaders } from "../workspace/workspace-access";
import { authorizeNotifiedDistributor } from "./notified-distributor";

export const ZFeedbackRecipients = z.object({
  reportId: z.string(),
  organizationName: z.string(),
  /**
   * The keys the details must be encrypted to: the case's team (PST, Fix Lead, Fix Team) with a usable key now.
   * Only fingerprints and public keys: a distributor needs no names of the team.
   */
  keys: z.array(z.object({ fingerprint: z.string(), armoredPublicKey: z.string() })),
  /** The patch versions the organisation received a copy of (feedback may name one). */
  patchVersions: z.array(z.object({ id: z.string(), version: z.number().int(), fileName: z.string() })),
  mayWrite: z.boolean(),
  writeRefusal: z.string().nullable(),
});
export type TFeedbackRecipients = z.infer<typeof ZFeedbackRecipients>;

/** Feedback is given while the case is worked on or released; a closed case is a record. */
export function feedbackRefusal(state: string): string | null {
  return state === "closed" ? "This case is closed: feedback on it is a record now." : null;
}

/**
 * What a notified distributor's browser needs to write feedback: the team's keys to encrypt the details to, and the
 * copies the organisation received. Nothing of the case's content.
 */
export async function feedbackRecipients({
  db,
  session,
  reportId,
  now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  now: Date;
}): Promise<TFeedbackRecipients> {
  return db.$transaction(async (tx) => {
    const { facts, organizationId, organizationName } = await authorizeNotifiedDistributor(
      tx,
      session,
      reportId,
    );
    const readers = await workspaceReaders(tx, facts, "distributor-feedback", now);
    const copies = await tx.distributorCopy.findMany({
      where: { caseId: facts.id, organizationId },
      select: { patchVersionId: true, fileName: true, patchVersion: { select: { version: true } } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const refusal = feedbackRefusal(facts.state);
    return {
      reportId: facts.id,
      organizationName,
      keys: readers.flatMap((r) =>
        r.key ? [{ fingerprint: r.key.fingerprint, armoredPublicKey: r.key.armoredPublicKey }] : [],
      ),
      patchVersions: copies.map((c) => ({
        id: c.patchVersionId,
        version: c.patchVersion.version,
        fileName: c.fileName,
      })),
      mayWrite: refusal === null,
      writeRefusal: refusal,
    };
  });
}
