import { appendAuditEvent, type Db } from "@disclose/db";
import { retentionCutoff } from "@disclose/domain";

/**
 * Erases the applicant's personal data of distributor applications decided longer ago than the retention setting
 * (the same days as a reporter's): the applicant's name and address, the voucher's address and, for a rejected
 * application, the security contact (an approved one's lives on in its organisation, which the list needs). What
 * the organisation answered for each criterion stays: it describes the organisation, not a person. Audited with
 * counts; idempotent (an erased application has an empty address and is not selected again).
 */
export async function eraseDecidedApplications({
  db,
  now,
  retentionDays,
}: {
  db: Db;
  now: Date;
  retentionDays: number;
}): Promise<{ applications: number }> {
  const cutoff = retentionCutoff(retentionDays, now);
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      UPDATE distributor_applications
         SET applicant_name = '', applicant_email = '', voucher_email = '',
             security_contact = CASE WHEN status = 'rejected' THEN '' ELSE security_contact END
       WHERE status IN ('approved', 'rejected') AND decided_at <= ${cutoff} AND applicant_email <> ''
       RETURNING id::text AS id`;
    if (rows.length > 0) {
      await appendAuditEvent(tx, {
        actorId: null,
        actorKind: "system",
        action: "distributor.applications_personal_data_erased",
        subjectType: "system",
        subjectId: "retention",
        data: { applications: rows.length, reason: "retention", decidedBefore: cutoff.toISOString() },
        occurredAt: now,
      });
    }
    return { applications: rows.length };
  });
}
