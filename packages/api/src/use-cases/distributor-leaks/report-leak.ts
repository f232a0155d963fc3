import { randomUUID } from "node:crypto";
import { appendAuditEvent, type Db, Role } from "@disclose/db";
import { reportLeak } from "@disclose/domain";
import { enqueueEmail, renderEmail } from "@disclose/email";
import { z } from "zod";
import { actorOf } from "../../auth/actor";
import type { SessionInfo } from "../../context";
import { apiEnv, isProduction } from "../../env";
import { AppError, AppErrorCode } from "../../errors";
import { authorizeCase, isUuid } from "../cases/case-access";
import { authorizeNotifiedDistributor } from "../distributor-feedback/notified-distributor";
import { ZReportId } from "../workspace/workspace-access";
import { plainText } from "./leak-records";

/** How far ahead of the server's clock "when it leaked" may be (a browser's clock runs a little off). */
const CLOCK_SKEW_MS = 10 * 60_000;

export const ZReportLeakInput = z.object({
  reportId: ZReportId,
  what: plainText(4000, "Say exactly what leaked.", "Say what leaked in at most 4,000 characters."),
  toWhom: plainText(1000, "Say to whom it leaked.", "Say to whom in at most 1,000 characters."),
  leakedAt: z.date({ error: "Say when it leaked." }),
  prevention: plainText(
    4000,
    "Say how it will be prevented from happening again.",
    "Say how in at most 4,000 characters.",
  ),
  selfReported: z.boolean({ error: "Say whether your organisation's own member leaked it." }),
  /** The PST's report only: the organisation whose member leaked, when known. A distributor reports its own. */
  organizationId: z
    .string()
    .trim()
    .max(64, "Choose an organisation notified of this case.")
    .nullable()
    .default(null),
});
export type TReportLeakInput = z.input<typeof ZReportLeakInput>;

/** A leak is a break of an embargo: there is one only while notified distributors wait for the disclosure time. */
function assertEmbargoed(state: string): void {
  if (state !== "distributors-notified") {
    throw new AppError(
      AppErrorCode.CONFLICT,
      "This case is not under embargo (no distributors are waiting for its disclosure), so there is no leak to report.",
    );
  }
}

/**
 * A reported embargo break, by a member of a notified organisation (for their own organisation: the policy's duty
 * to tell) or by the case's team (the organisation when known). Recorded as the domain's reportLeak makes it,
 * audited (no text), and the PST emailed only that a leak was reported on the case, in one transaction.
 */
export async function reportDistributorLeak({
  db,
  session,
  input,
  now,
  adminUrl = apiEnv().ADMIN_URL,
}: {
  db: Db;
  session: SessionInfo;
  input: z.output<typeof ZReportLeakInput>;
  now: Date;
  adminUrl?: string;
}): Promise<{ leakId: string }> {
  if (input.leakedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw new AppError(AppErrorCode.BAD_INPUT, "A leak cannot have happened in the future.", {
      field: "leakedAt",
    });
  }
  return db.$transaction(async (tx) => {
    const actor = actorOf(session);
    let caseId: string;
    let organizationId: string | null;
    if (actor.kind === "distributor") {
      const notified = await authorizeNotifiedDistributor(tx, session, input.reportId);
      assertEmbargoed(notified.facts.state);
      caseId = notified.facts.id;
      organizationId = notified.organizationId;
    } else {
      const { facts } = await authorizeCase(tx, session, input.reportId, "leak.report");
      assertEmbargoed(facts.state);
      caseId = facts.id;
      organizationId = input.organizationId;
      if (organizationId !== null) {
        const notified =
          isUuid(organizationId) &&
          (await tx.distributorNotification.findFirst({
            where: { caseId, organizationId, notifiedAt: { not: null } },
            select: { id: true },
          }));
        if (!notified) {
          throw new AppError(AppErrorCode.BAD_INPUT, "Choose an organisation notified of this case.", {
            field: "organizationId",
          });
        }
      }
    }
    const leakId = randomUUID();
    const result = reportLeak({
      id: leakId,
      caseId,
      report: {
        what: input.what,
        toWhom: input.toWhom,
        leakedAt: input.leakedAt,
        prevention: input.prevention,
        selfReported: input.selfReported,
        organizationId,
      },
      reportedBy: session.userId,
      now,
    });
    if (!result.ok) throw new AppError(AppErrorCode.BAD_INPUT, result.reason);
    const { leak } = result;
    await tx.distributorLeak.create({
      data: {
        id: leak.id,
        caseId,
        organizationId,
        reportedById: session.userId,
        reportedAt: leak.reportedAt,
        what: leak.what,
        toWhom: leak.toWhom,
        leakedAt: leak.leakedAt,
        prevention: leak.prevention,
        selfReported: leak.selfReported,
        state: leak.state,
      },
    });
    // What leaked stays out of the log (kept forever) and out of mailboxes.
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "distributor.leak_reported",
      subjectType: "report",
      subjectId: caseId,
      data: { leakId, organizationId, selfReported: leak.selfReported, by: actor.kind },
      occurredAt: now,
    });
    const pst = await tx.user.findMany({
      where: {
        active: true,
        roles: { some: { role: Role.PST_MEMBER } },
        ...(isProduction() ? { isDemo: false } : {}),
      },
      select: { email: true },
      orderBy: { id: "asc" },
    });
    const email = renderEmail("distributorLeakReported", {
      reportShortId: caseId.slice(0, 8),
      url: `${adminUrl}/reports/${caseId}/distributors`,
    });
    for (const member of pst) await enqueueEmail(tx, { to: member.email, ...email });
    return { leakId };
  });
}
