import type { Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { displayName } from "../users/display-name";
import {
  authorizePatches,
  currentCveOf,
  MAX_PATCH_CIPHERTEXT_BYTES,
  mayUploadPatch,
  PATCH_CIPHERTEXT_OVERHEAD_BYTES,
  patchNameOf,
  patchReaders,
} from "./patch-access";

export const ZPatchVersionSummary = z.object({
  id: z.string(),
  version: z.number().int(),
  /** Bytes of the stored ciphertext (metadata; the content is not). */
  size: z.number().int(),
  uploadedByName: z.string().nullable(),
  uploadedAt: z.date(),
});

export const ZPatchList = z.object({
  branches: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      releaseVersion: z.string().nullable(),
      /** `<CVE or case id>_v<release>.patch`; null until the branch has its release version. */
      fileName: z.string().nullable(),
      /** Why there is no name yet ("Set the release version of release-1.2 first."); null when there is. */
      fileNameMissing: z.string().nullable(),
      /** Every uploaded version, newest (the current one) first; kept forever. */
      versions: z.array(ZPatchVersionSummary),
    }),
  ),
  /** Who holds the case's patches now: a new version must be encrypted to each key here, and to no other. */
  readers: z.array(
    z.object({
      userId: z.string(),
      name: z.string(),
      /** Null: no usable key yet (they get the patches by a grant once they have one). */
      key: z.object({ fingerprint: z.string(), armoredPublicKey: z.string() }).nullable(),
    }),
  ),
  /** Whether the caller may upload a new version (a holder of patches while the case is worked on). */
  mayUpload: z.boolean(),
  /** The largest encrypted upload accepted, and the plaintext the browser may encrypt to stay below it. */
  maxCiphertextBytes: z.number().int(),
  maxPlaintextBytes: z.number().int(),
});
export type TPatchList = z.infer<typeof ZPatchList>;

/**
 * A case's patches per release branch: names, versions and who uploaded them (metadata, so not audited as a
 * read: no content is served here), the keys an upload is encrypted to, and what the caller may do.
 */
export async function listPatches({
  db,
  session,
  reportId,
  now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  now: Date;
}): Promise<TPatchList> {
  return db.$transaction(async (tx) => {
    const { facts, actor } = await authorizePatches(tx, session, reportId);
    const branches = await tx.releaseBranch.findMany({
      where: { caseId: facts.id },
      orderBy: [{ createdAt: "asc" }, { name: "asc" }],
      include: {
        patch: {
          include: {
            versions: {
              orderBy: { version: "desc" },
              select: { id: true, version: true, size: true, uploadedById: true, uploadedAt: true },
            },
          },
        },
      },
    });
    const uploaderIds = [
      ...new Set(branches.flatMap((b) => b.patch?.versions.map((v) => v.uploadedById) ?? [])),
    ].filter((id): id is string => id !== null);
    const names = new Map(
      (
        await tx.user.findMany({
          where: { id: { in: uploaderIds } },
          select: { id: true, name: true, email: true },
        })
      ).map((u) => [u.id, displayName(u)]),
    );
    const cveId = branches.length > 0 ? await currentCveOf(tx, facts.id) : null;
    const readers = await patchReaders(tx, facts, now);
    return {
      branches: branches.map((b) => {
        const named = patchNameOf({ caseId: facts.id, cveId, branch: b });
        return {
          id: b.id,
          name: b.name,
          releaseVersion: b.releaseVersion,
          fileName: named.ok ? named.name : null,
          fileNameMissing: named.ok ? null : named.reason,
          versions: (b.patch?.versions ?? []).map((v) => ({
            id: v.id,
            version: v.version,
            size: v.size,
            uploadedByName: v.uploadedById ? (names.get(v.uploadedById) ?? "A former member") : null,
            uploadedAt: v.uploadedAt,
          })),
        };
      }),
      readers: readers.map((r) => ({
        userId: r.userId,
        name: r.name,
        key: r.key ? { fingerprint: r.key.fingerprint, armoredPublicKey: r.key.armoredPublicKey } : null,
      })),
      mayUpload: mayUploadPatch(actor, facts),
      maxCiphertextBytes: MAX_PATCH_CIPHERTEXT_BYTES,
      maxPlaintextBytes: MAX_PATCH_CIPHERTEXT_BYTES - PATCH_CIPHERTEXT_OVERHEAD_BYTES,
    };
  });
}
