import { can, DISTRIBUTOR_LIST_COLUMNS, DISTRIBUTOR_LIST_LIMITS } from "@disclose/domain";
import { z } from "zod";
import { actorOf } from "../../auth/actor";
import type { SessionInfo } from "../../context";
import { AppError, AppErrorCode } from "../../errors";

// What the distributors list's use-cases share: who may run the list, and the shapes they answer with.

/** PST members and admins import the list and remove organisations (the domain's "distributor-list.manage"). */
export function mayManageDistributorList(session: SessionInfo): boolean {
  return can(actorOf(session), "distributor-list.manage", { kind: "system" });
}

export function assertMayManageDistributorList(session: SessionInfo): void {
  if (!mayManageDistributorList(session)) {
    throw new AppError(
      AppErrorCode.FORBIDDEN,
      "Only PST members and admins can manage the distributors list.",
    );
  }
}

export const ZOrganizationStatus = z.enum(["active", "warned", "removed"]);
export const ZJoinedVia = z.enum(["manual", "import", "application"]);

export const ZListedOrganization = z.object({
  id: z.string(),
  name: z.string(),
  distribution: z.string(),
  securityContact: z.string().nullable(),
  emailDelivery: z.boolean(),
  teamKeyFingerprint: z.string().nullable(),
  status: ZOrganizationStatus,
  joinedVia: ZJoinedVia,
  createdAt: z.date(),
  removedAt: z.date().nullable(),
  removedReason: z.string().nullable(),
  /** Members whose membership is not removed. */
  memberCount: z.number().int(),
});
export type TListedOrganization = z.infer<typeof ZListedOrganization>;

/** The CSV as text (read in the browser). Its size in bytes is checked when it is read, with the limit's message. */
export const ZListImportInput = z.object({
  csv: z
    .string({ error: "Give the list as CSV text." })
    .min(1, "Paste the CSV or choose a file.")
    .max(DISTRIBUTOR_LIST_LIMITS.maxBytes, "The file is larger than 1 MB; split it."),
});
export type TListImportInput = z.infer<typeof ZListImportInput>;

/** The HTTP body limit for an import: the CSV's 1 MB, JSON-escaped (quotes and line breaks double). */
export const LIST_IMPORT_BODY_BYTES = 2 * DISTRIBUTOR_LIST_LIMITS.maxBytes + 16 * 1024;

export const ZListImportProblem = z.object({
  /** The CSV line the row starts on (1 = the header). */
  line: z.number().int().nullable(),
  /** The row as a spreadsheet numbers it (1 = the header). */
  row: z.number().int().nullable(),
  column: z.enum(DISTRIBUTOR_LIST_COLUMNS).nullable(),
  message: z.string(),
});

export const ZPlannedOrganization = z.object({
  line: z.number().int(),
  name: z.string(),
  distribution: z.string(),
  securityContact: z.string(),
  emailDelivery: z.boolean(),
  teamKeyFingerprint: z.string(),
  contacts: z.array(z.object({ line: z.number().int(), name: z.string(), email: z.string() })),
});

export const ZListImportPreview = z.object({
  organizations: z.array(ZPlannedOrganization),
  problems: z.array(ZListImportProblem),
});
export type TListImportPreview = z.infer<typeof ZListImportPreview>;

export const ZListImported = z.object({
  organizationCount: z.number().int(),
  accountCount: z.number().int(),
});
export type TListImported = z.infer<typeof ZListImported>;
