import type { Db, DbTx } from "@disclose/db";
import type { EmailTemplates } from "@disclose/email";
import { enqueueCaseNotices } from "./notice-emails";

type TKind = NonNullable<EmailTemplates["distributorCaseNotice"]["kind"]>;

/** The project's name for the notice's subject; "Disclose" while none is set. */
export async function projectNameOf(tx: Db | DbTx): Promise<string> {
  const settings = await tx.settings.findUnique({ where: { id: 1 }, select: { projectName: true } });
  return settings?.projectName?.trim() || "Disclose";
}

/**
 * The embargoed notice (only the link and the date, and the embargo end as an .ics) to an organisation still on the list: each member who is not
 * removed and whose account is active, and its security contact. Returns how many emails were written.
 */
export async function enqueueOrganizationNotice(
  tx: DbTx,
  options: {
    organizationId: string;
    caseId: string;
    disclosureAt: Date;
    adminUrl: string;
    projectName: string;
    kind: TKind;
    /** When the calendar entry sent with the notice is made. */
    now: Date;
  },
): Promise<number> {
  const org = await tx.distributorOrganization.findFirst({
    where: { id: options.organizationId, status: { not: "removed" } },
    select: {
      securityContact: true,
      members: {
        where: { status: { not: "removed" }, user: { active: true } },
        select: { user: { select: { email: true } } },
      },
    },
  });
  if (!org) return 0;
  const to = [
    ...new Set([
      ...org.members.map((m) => m.user.email),
      ...(org.securityContact ? [org.securityContact] : []),
    ]),
  ];
  await enqueueCaseNotices(tx, to, {
    projectName: options.projectName,
    caseId: options.caseId,
    disclosureAt: options.disclosureAt,
    adminUrl: options.adminUrl,
    kind: options.kind,
    now: options.now,
  });
  return to.length;
}
