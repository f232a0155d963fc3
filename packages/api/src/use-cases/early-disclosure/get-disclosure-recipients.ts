import type { Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import {
  assertQualifies,
  authorizeDisclosure,
  loadCurrentPatchVersions,
  loadOrganizationRecipients,
} from "./disclosure-access";

export const ZDisclosureRecipients = z.object({
  organizations: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      markCode: z.string().nullable(),
      recipients: z.array(
        z.object({
          kind: z.enum(["member", "team"]),
          name: z.string(),
          fingerprint: z.string(),
          armoredPublicKey: z.string(),
        }),
      ),
    }),
  ),
  patchVersions: z.array(
    z.object({ id: z.string(), branchName: z.string(), version: z.number().int(), fileName: z.string() }),
  ),
});
export type TDisclosureRecipients = z.infer<typeof ZDisclosureRecipients>;

/**
 * What "Make copies and notify" needs, fetched when the Fix Lead starts it (not with the page: the keys are the
 * heavy part): the chosen organisations that can receive and still miss a copy of a current patch version, each with the keys its copies must be
 * encrypted to (exactly what `uploadCopies` checks), and the current patch versions.
 */
export async function getDisclosureRecipients({
  db,
  session,
  reportId,
  now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  now: Date;
}): Promise<TDisclosureRecipients> {
  const facts = await authorizeDisclosure(db, session, reportId);
  assertQualifies(facts);
  const [chosen, patchVersions] = await Promise.all([
    db.distributorNotification.findMany({
      where: { caseId: facts.id },
      select: { organizationId: true, notifiedAt: true, copies: { select: { patchVersionId: true } } },
    }),
    loadCurrentPatchVersions(db, facts.id),
  ]);
  // Missing a current patch version: not given copies yet, or notified before a new version. Those holding
  // every version but not notified only wait for "Notify".
  const waiting = chosen.filter((n) =>
    patchVersions.some((v) => !n.copies.some((c) => c.patchVersionId === v.id)),
  );
  const organizations =
    waiting.length === 0
      ? []
      : await loadOrganizationRecipients(
          db,
          now,
          waiting.map((w) => w.organizationId),
        );
  return {
    organizations: organizations
      .filter((o) => !o.cannotReceive)
      .map((o) => ({
        id: o.id,
        name: o.name,
        markCode: o.markCode,
        recipients: o.recipients.map((r) => ({
          kind: r.kind,
          name: r.name,
          fingerprint: r.fingerprint,
          armoredPublicKey: r.armoredPublicKey,
        })),
      })),
    patchVersions,
  };
}
