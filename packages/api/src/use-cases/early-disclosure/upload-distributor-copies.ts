import { randomUUID } from "node:crypto";
import { appendAuditEvent, type Db } from "@disclose/db";
import { findCopyMark } from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";
import { lockCaseRow } from "../cases/case-access";
import { MAX_PATCH_CIPHERTEXT_BYTES } from "../patches/patch-access";
import {
  assertQualifies,
  authorizeDisclosure,
  checkCopyRecipients,
  loadCurrentPatchVersions,
  loadOrganizationRecipients,
  ZOrganizationId,
  ZReportId,
} from "./disclosure-access";
import { enqueueEmailedCopies } from "./notice-emails";
import { enqueueOrganizationNotice } from "./notify-organization";

const MAX_COPIES = 20;
/** All of one organisation's copies in one request. */
const MAX_TOTAL_BYTES = 40 * 1024 * 1024;
export const COPIES_UPLOAD_BODY_BYTES = Math.ceil(MAX_TOTAL_BYTES / 3) * 4 + 64 * 1024;

export const ZUploadCopiesInput = z.object({
  reportId: ZReportId,
  organizationId: ZOrganizationId,
  copies: z
    .array(
      z.object({
        patchVersionId: z.string().trim().min(1, "Choose a patch version.").max(64, "That is not an id."),
        fileName: z
          .string()
          .trim()
          .min(1, "Name the copy.")
          .max(255, "The copy's file name is too long.")
          .regex(/^[A-Za-z0-9._+-]+$/, "The copy's file name may hold only letters, digits and . _ + -"),
        ciphertext: z
          .string()
          .min(1, "The copy is empty.")
          .max(Math.ceil((MAX_PATCH_CIPHERTEXT_BYTES + 64 * 1024) / 3) * 4, "This copy is too large.")
          .regex(/^[A-Za-z0-9+/]*={0,2}$/, "The copy did not arrive as base64."),
      }),
    )
    .max(MAX_COPIES, `At most ${MAX_COPIES} copies at once.`),
});
export type TUploadCopiesInput = z.infer<typeof ZUploadCopiesInput>;

export const ZUploadCopiesResult = z.object({
  /** When the organisation was notified; null while its copies wait for "Notify". */
  notifiedAt: z.date().nullable(),
  /** It now holds copies of every current patch version. */
  complete: z.boolean(),
});

/**
 * One organisation's copies of the case's current patch versions, marked and encrypted in the Fix Lead's browser
 * to exactly the organisation's keys. They wait for "Notify" (notify-distributors.ts), which tells every ready
 * organisation in one transaction; an organisation already notified is told of a new patch version at once.
 */
export async function uploadDistributorCopies({
  db,
  session,
  input,
  adminUrl,
  now,
}: {
  db: Db;
  session: SessionInfo;
  input: TUploadCopiesInput;
  adminUrl: string;
  now: Date;
}): Promise<z.infer<typeof ZUploadCopiesResult>> {
  const facts = await authorizeDisclosure(db, session, input.reportId);
  assertQualifies(facts);
  if (!facts.disclosureAt || facts.disclosureAt.getTime() <= now.getTime()) {
    throw new AppError(AppErrorCode.CONFLICT, "Agree a disclosure time in the future first.");
  }
  const organizationId = input.organizationId.toLowerCase();
  const notification = await db.distributorNotification.findUnique({
    where: { caseId_organizationId: { caseId: facts.id, organizationId } },
    select: { id: true, notifiedAt: true },
  });
  const [org] = notification ? await loadOrganizationRecipients(db, now, [organizationId]) : [];
  if (!notification || !org) {
    throw new AppError(AppErrorCode.BAD_INPUT, "That organisation is not chosen for this disclosure.", {
      field: "organizationId",
    });
  }
  if (org.cannotReceive) {
    throw new AppError(AppErrorCode.BAD_INPUT, `${org.name} cannot receive copies: ${org.cannotReceive}`, {
      field: "organizationId",
    });
  }
  if (!org.markCode) {
    throw new AppError(AppErrorCode.CONFLICT, `${org.name} has no mark yet. Reload and try again.`);
  }
  const versions = await loadCurrentPatchVersions(db, facts.id);
  let total = 0;
  const checked: { patchVersionId: string; fileName: string; bytes: Uint8Array }[] = [];
  for (const [i, copy] of input.copies.entries()) {
    const field = `copies.${i}`;
    if (!versions.some((v) => v.id === copy.patchVersionId)) {
      throw new AppError(
        AppErrorCode.CONFLICT,
        "A copy is of a patch version that is not current. Reload and make the copies again.",
        { field },
      );
    }
    if (checked.some((c) => c.patchVersionId === copy.patchVersionId)) {
      throw new AppError(AppErrorCode.BAD_INPUT, "Two copies of the same patch version.", { field });
    }
    if (findCopyMark(copy.fileName) !== org.markCode) {
      throw new AppError(AppErrorCode.BAD_INPUT, `The copy's file name does not carry ${org.name}'s mark.`, {
        field: `${field}.fileName`,
      });
    }
    const bytes = new Uint8Array(Buffer.from(copy.ciphertext, "base64"));
    if (bytes.byteLength > MAX_PATCH_CIPHERTEXT_BYTES + 64 * 1024) {
      throw new AppError(AppErrorCode.PAYLOAD_TOO_LARGE, "This copy is too large.", { field });
    }
    total += bytes.byteLength;
    if (total > MAX_TOTAL_BYTES) {
      throw new AppError(AppErrorCode.PAYLOAD_TOO_LARGE, "These copies are too large together.", { field });
    }
    await checkCopyRecipients(bytes, org.recipients, `${field}.ciphertext`);
    checked.push({ patchVersionId: copy.patchVersionId, fileName: copy.fileName, bytes });
  }
  const delivery = await db.distributorOrganization.findUnique({
    where: { id: organizationId },
    select: { emailDelivery: true, securityContact: true },
  });
  const settings = await db.settings.findUnique({ where: { id: 1 }, select: { projectName: true } });
  const projectName = settings?.projectName?.trim() || "Disclose";

  const result = await db.$transaction(async (tx) => {
    await lockCaseRow(tx, facts.id, "share");
    // Two uploads for the same organisation at once (two tabs, a retry) run one after the other.
    await tx.$executeRaw`SELECT 1 FROM distributor_notifications WHERE id = ${notification.id}::uuid FOR UPDATE`;
    const heldBefore = await tx.distributorCopy.findMany({
      where: { notificationId: notification.id },
      select: { patchVersionId: true },
    });
    const newVersions = checked.filter((c) => !heldBefore.some((h) => h.patchVersionId === c.patchVersionId));
    for (const copy of checked) {
      // A copy made again replaces the earlier one (copies are never updated in place).
      await tx.distributorCopy.deleteMany({
        where: { notificationId: notification.id, patchVersionId: copy.patchVersionId },
      });
      await tx.distributorCopy.create({
        data: {
          id: randomUUID(),
          notificationId: notification.id,
          caseId: facts.id,
          organizationId,
          patchVersionId: copy.patchVersionId,
          fileName: copy.fileName,
          ciphertext: Buffer.from(copy.bytes),
          size: copy.bytes.byteLength,
          createdAt: now,
        },
      });
    }
    const held = await tx.distributorCopy.findMany({
      where: { notificationId: notification.id },
      select: { patchVersionId: true },
    });
    const complete = versions.every((v) => held.some((h) => h.patchVersionId === v.id));
    // Not notified yet: the copies wait for "Notify", which tells every ready organisation at once. Already
    // notified: a patch version it did not have yet (a new version of a patch) is news to it now.
    const newsForNotified = notification.notifiedAt !== null && newVersions.length > 0;
    if (newsForNotified) {
      await enqueueOrganizationNotice(tx, {
        organizationId,
        caseId: facts.id,
        disclosureAt: facts.disclosureAt as Date,
        adminUrl,
        projectName,
        kind: "new-version",
        now,
      });
    }
    // Copies by email too, when the organisation asked for them: to its security contact, as uploaded. Only
    // with its team key among the recipients, the one key a security contact's mailbox can hold.
    let emailedCopies = 0;
    if (
      newsForNotified &&
      delivery?.emailDelivery &&
      delivery.securityContact &&
      org.recipients.some((r) => r.kind === "team")
    ) {
      emailedCopies = await enqueueEmailedCopies(tx, {
        securityContact: delivery.securityContact,
        copies: checked.map((c) => ({ ciphertext: c.bytes })),
        projectName,
        caseId: facts.id,
        disclosureAt: facts.disclosureAt as Date,
        adminUrl,
      });
    }
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "case.distributor_copies_uploaded",
      subjectType: "report",
      subjectId: facts.id,
      data: {
        organizationId,
        copies: checked.map((c) => ({
          patchVersionId: c.patchVersionId,
          fileName: c.fileName,
          size: c.bytes.byteLength,
        })),
        recipients: org.recipients.map((r) => r.fingerprint),
        newVersionIds: newVersions.map((c) => c.patchVersionId),
        emailedCopies,
      },
      occurredAt: now,
    });
    return { complete };
  });
  return { notifiedAt: notification.notifiedAt, complete: result.complete };
}
