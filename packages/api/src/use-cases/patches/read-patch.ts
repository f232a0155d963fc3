import { appendAuditEvent, type Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { itemKey, loadReaderPackets, serveItem } from "../access/key-packets";
import { isUuid } from "../cases/case-access";
import { authorizePatches, currentCveOf, patchNameOf } from "./patch-access";

const ZId = (what: string) =>
  z.string().trim().min(1, `Choose a ${what}.`).max(64, `That is not a ${what} id.`);

export const ZReadPatchInput = z.object({
  versionId: ZId("patch version"),
  /** The case the version is expected in (the page's); another case's version is NOT_FOUND. */
  reportId: ZId("report").optional(),
});
export type TReadPatchInput = z.infer<typeof ZReadPatchInput>;

export interface TPatchRead {
  reportId: string;
  branchId: string;
  versionId: string;
  version: number;
  /** Whether this is the branch's newest version. */
  current: boolean;
  /** What the decrypted file is called: the patch's name, or a provisional one before the release version. */
  fileName: string;
  /** The caller's own session-key packets followed by the stored encrypted data: a message only they open. */
  ciphertext: Uint8Array;
}

/**
 * One patch version for one of its readers, to decrypt in their browser (the diff view, "Download .patch") or
 * with gpg (the encrypted download). Served with the caller's own session-key packets only; every read is
 * audited in the same transaction. A version of a case the caller may not see is NOT_FOUND, like no version.
 */
export async function readPatch({
  db,
  session,
  input,
  via,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: TReadPatchInput;
  /** How it was read, for the audit log. */
  via: "view" | "download";
  now: Date;
}): Promise<TPatchRead> {
  return db.$transaction(async (tx) => {
    const found = isUuid(input.versionId)
      ? await tx.patchVersion.findUnique({
          where: { id: input.versionId },
          select: {
            id: true,
            caseId: true,
            version: true,
            ciphertext: true,
            size: true,
            patch: {
              select: {
                id: true,
                branch: { select: { id: true, name: true, releaseVersion: true } },
                versions: { orderBy: { version: "desc" }, take: 1, select: { version: true } },
              },
            },
          },
        })
      : null;
    // Checked against the case it belongs to; a stranger gets the same NOT_FOUND as for no version.
    const version = found && (!input.reportId || input.reportId === found.caseId) ? found : null;
    const { facts } = await authorizePatches(tx, session, version?.caseId ?? "none");
    if (!version) throw new Error("unreachable: authorizePatches refuses a missing case");
    const packets = (
      await loadReaderPackets(tx, {
        reportId: facts.id,
        reader: { reader: "staff", userId: session.userId },
        kinds: ["patch"],
      })
    ).get(itemKey("patch", version.id));
    const ciphertext = await serveItem(new Uint8Array(version.ciphertext), packets);
    if (!ciphertext) {
      throw new AppError(
        AppErrorCode.FORBIDDEN,
        "This patch version has not been granted to your key yet. It will be once a team member's browser completes your access.",
      );
    }
    const branch = version.patch.branch;
    const named = patchNameOf({ caseId: facts.id, cveId: await currentCveOf(tx, facts.id), branch });
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "patch.read",
      subjectType: "report",
      subjectId: facts.id,
      data: {
        patchId: version.patch.id,
        versionId: version.id,
        branchId: branch.id,
        version: version.version,
        size: version.size,
        via,
      },
      occurredAt: now,
    });
    return {
      reportId: facts.id,
      branchId: branch.id,
      versionId: version.id,
      version: version.version,
      current: version.patch.versions[0]?.version === version.version,
      fileName: named.ok ? named.name : named.provisional,
      ciphertext,
    };
  });
}
