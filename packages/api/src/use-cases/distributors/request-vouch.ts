import { type AnyTx, appendAuditEvent, type Db, txQuery } from "@disclose/db";
import { enqueueEmail, renderEmail } from "@disclose/email";
import { z } from "zod";
import { apiEnv } from "../../env";

/** graphile-worker task that asks the voucher named in an application, when they are on the list. */
export const VOUCH_REQUEST_TASK = "distributor-vouch-request";

const ZVouchRequestPayload = z.object({ applicationId: z.uuid() });

/**
 * Queued with every application, in its own transaction, whoever the voucher is: the portal's request does the
 * same work whether or not the address named belongs to someone on the list, so neither its answer nor its time
 * can tell. The job key makes a second queueing for the same application a no-op.
 */
export async function queueVouchRequest(
  tx: AnyTx,
  { applicationId }: { applicationId: string },
): Promise<void> {
  await txQuery(
    tx,
    `SELECT graphile_worker.add_job($1::text, json_build_object('applicationId', $2::text),
       job_key => $3::text, max_attempts => 10)`,
    [VOUCH_REQUEST_TASK, applicationId, `${VOUCH_REQUEST_TASK}:${applicationId}`],
  );
}

/**
 * Resolves the voucher named in an application: when the address belongs to an active account with a
 * distributor membership not removed (of an organisation not removed), records them as the voucher and emails
 * them a link to confirm or decline in the admin app; else records and sends nothing. Once per application (the
 * audit event `distributor_application.voucher_resolved` marks it; a retried job finds it and stops).
 */
export async function requestVouch({
  db,
  applicationId,
  adminUrl = apiEnv().ADMIN_URL,
  now,
}: {
  db: Db;
  applicationId: string;
  adminUrl?: string;
  now: Date;
}): Promise<{ voucherOnList: boolean }> {
  return db.$transaction(async (tx) => {
    // The row lock serialises two runs for one application (a retried job).
    const [application] = await txQuery<{
      voucher_email: string;
      organization_name: string;
      applicant_name: string;
      status: string;
    }>(
      tx,
      `SELECT voucher_email, organization_name, applicant_name, status
       FROM distributor_applications WHERE id = $1::uuid FOR UPDATE`,
      [applicationId],
    );
    if (!application) return { voucherOnList: false };
    const done = await tx.auditEvent.findFirst({
      where: {
        subjectType: "distributor_application",
        subjectId: applicationId,
        action: "distributor_application.voucher_resolved",
      },
      select: { seq: true },
    });
    if (done) return { voucherOnList: false };
    const voucher = await tx.user.findFirst({
      where: {
        email: { equals: application.voucher_email, mode: "insensitive" },
        active: true,
        distributorMembership: { status: { not: "removed" }, organization: { status: { not: "removed" } } },
      },
      select: { id: true, email: true },
    });
    // A decided application needs no vouch any more; the voucher is still recorded for the record.
    if (voucher) {
      await tx.distributorApplication.update({
        where: { id: applicationId },
        data: { voucherUserId: voucher.id },
      });
      if (application.status === "submitted") {
        await enqueueEmail(tx, {
          to: voucher.email,
          ...renderEmail("distributorVouchRequest", {
            organizationName: application.organization_name,
            applicantName: application.applicant_name,
            applicationUrl: `${adminUrl}/distributors/applications/${applicationId}`,
          }),
        });
      }
    }
    await appendAuditEvent(tx, {
      actorKind: "system",
      action: "distributor_application.voucher_resolved",
      subjectType: "distributor_application",
      subjectId: applicationId,
      data: { voucherOnList: voucher !== null },
      occurredAt: now,
    });
    return { voucherOnList: voucher !== null };
  });
}

export function createVouchRequestTask(options: { db: Db; now?: () => Date }) {
  return async (payload: unknown): Promise<void> => {
    const parsed = ZVouchRequestPayload.safeParse(payload);
    // A malformed payload can only come from outside our code: dropping it is right, retrying would not help.
    if (!parsed.success) return;
    await requestVouch({ db: options.db, ...parsed.data, now: options.now?.() ?? new Date() });
  };
}
