import { randomUUID } from "node:crypto";
import { encryptedMessageKeyIds, splitAnyMessage } from "@disclose/crypto";
import { appendAuditEvent, type Db, txQuery } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { encryptionKeyIds, insertKeyPackets, keyPacketRowsFor } from "../access/key-packets";
import { isUuid } from "../cases/case-access";
import { authorizePatches, MAX_PATCH_CIPHERTEXT_BYTES, mayUploadPatch, patchReaders } from "./patch-access";

/** Base64 of the largest accepted ciphertext, and a little slack so an oversize file is told its size (413). */
const MAX_BASE64_CHARS = Math.ceil((MAX_PATCH_CIPHERTEXT_BYTES + 64 * 1024) / 3) * 4;
/** The JSON around the base64 text (ids, field names, superjson's wrapping). */
export const PATCH_UPLOAD_BODY_BYTES = MAX_BASE64_CHARS + 4 * 1024;

const ZId = (what: string) =>
  z.string().trim().min(1, `Choose a ${what}.`).max(64, `That is not a ${what} id.`);

export const ZUploadPatchInput = z.object({
  reportId: ZId("report"),
  branchId: ZId("release branch"),
  /** The `git format-patch` file as a binary OpenPGP message (encrypted in the browser), base64. */
  ciphertext: z
    .string()
    .min(1, "Choose a patch file.")
    .max(MAX_BASE64_CHARS, "A patch is at most 10 MB encrypted.")
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, "The patch did not arrive as base64."),
});
export type TUploadPatchInput = z.infer<typeof ZUploadPatchInput>;

export const ZUploadPatchResult = z.object({
  patchId: z.string(),
  versionId: z.string(),
  version: z.number().int(),
  size: z.number().int(),
  uploadedAt: z.date(),
});
export type TUploadPatchResult = z.infer<typeof ZUploadPatchResult>;

const FIELD = "ciphertext";

/**
 * A new version of a release branch's patch: a `git format-patch` file encrypted in the uploader's browser (a
 * binary OpenPGP message) to everyone who holds the case's patches now and to nobody else. The first upload makes
 * the branch's patch; each later one is the next version, and every version is kept. Stored with its readers'
 * key packets and audited (version and size, never content), in one transaction.
 */
export async function uploadPatch({
  db,
  session,
  input,
  now,
  caseNow,
}: {
  db: Db;
  session: SessionInfo;
  input: TUploadPatchInput;
  /** The wall clock: which reader keys are usable. */
  now: Date;
  /** The case clock: when the version was uploaded. */
  caseNow: Date;
}): Promise<TUploadPatchResult> {
  if (input.ciphertext.length % 4 !== 0) {
    throw new AppError(AppErrorCode.BAD_INPUT, "The patch did not arrive as base64.", { field: FIELD });
  }
  const message = new Uint8Array(Buffer.from(input.ciphertext, "base64"));
  if (message.byteLength > MAX_PATCH_CIPHERTEXT_BYTES) {
    throw new AppError(
      AppErrorCode.PAYLOAD_TOO_LARGE,
      `This patch is ${(message.byteLength / 1024 / 1024).toFixed(1)} MB encrypted; at most ${MAX_PATCH_CIPHERTEXT_BYTES / 1024 / 1024} MB is accepted.`,
      { field: FIELD },
    );
  }
  // An encrypted message (not just any packets), checked by OpenPGP itself before its packets are counted.
  if ((await encryptedMessageKeyIds(message)) === null) {
    throw new AppError(AppErrorCode.BAD_INPUT, "This is not an encrypted OpenPGP message.", {
      field: FIELD,
    });
  }
  return db.$transaction(async (tx) => {
    const { facts, actor } = await authorizePatches(tx, session, input.reportId);
    if (!mayUploadPatch(actor, facts)) {
      throw new AppError(
        AppErrorCode.CONFLICT,
        "Patches can be uploaded while the case is worked on (from acceptance until it is closed).",
      );
    }
    // Locked: two uploads at once to one branch take versions one after the other.
    const [branch] = isUuid(input.branchId)
      ? await txQuery<{ id: string; name: string }>(
          tx,
          "SELECT id, name FROM release_branches WHERE id = $1::uuid AND case_id = $2::uuid FOR UPDATE",
          [input.branchId, facts.id],
        )
      : [];
    if (!branch) {
      throw new AppError(AppErrorCode.NOT_FOUND, "There is no such release branch in this case.", {
        field: "branchId",
      });
    }
    const readers = await patchReaders(tx, facts, now);
    const keys = readers.flatMap((r) => (r.key ? [r.key] : []));
    const versionId = randomUUID();
    const rows = await keyPacketRowsFor({
      reportId: facts.id,
      item: { kind: "patch", id: versionId },
      message,
      required: keys,
      field: FIELD,
      what: "This patch",
    });
    // Exactly the readers: a session key wrapped to anyone else would sit in the stored patch.
    const allowed = new Set((await Promise.all(keys.map((k) => encryptionKeyIds(k)))).flat());
    const { keyPackets } = await splitAnyMessage(message);
    if (keyPackets.some((p) => p.keyId === null || !allowed.has(p.keyId))) {
      throw new AppError(
        AppErrorCode.BAD_INPUT,
        "This patch is also encrypted to a key of someone who may not read this case's patches. It was not stored.",
        { field: FIELD },
      );
    }
    const patch =
      (await tx.patch.findUnique({ where: { branchId: branch.id }, select: { id: true } })) ??
      (await tx.patch.create({
        data: { caseId: facts.id, branchId: branch.id, createdAt: caseNow },
        select: { id: true },
      }));
    const last = await tx.patchVersion.findFirst({
      where: { patchId: patch.id, caseId: facts.id },
      orderBy: { version: "desc" },
      select: { version: true },
    });
    const version = (last?.version ?? 0) + 1;
    const created = await tx.patchVersion.create({
      data: {
        id: versionId,
        patchId: patch.id,
        caseId: facts.id,
        version,
        ciphertext: message as Uint8Array<ArrayBuffer>,
        size: message.byteLength,
        uploadedById: session.userId,
        uploadedAt: caseNow,
      },
      select: { id: true, version: true, size: true, uploadedAt: true },
    });
    await insertKeyPackets(tx, rows, now);
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "patch.uploaded",
      subjectType: "report",
      subjectId: facts.id,
      data: {
        patchId: patch.id,
        versionId,
        branchId: branch.id,
        version,
        size: message.byteLength,
        recipients: rows.map((r) => r.key.fingerprint),
      },
      occurredAt: caseNow,
    });
    return {
      patchId: patch.id,
      versionId: created.id,
      version: created.version,
      size: created.size,
      uploadedAt: created.uploadedAt,
    };
  });
}
