import { REPORT_LIMITS as L } from "@disclose/crypto";
import { appendAuditEvent, type Db } from "@disclose/db";
import { enqueueEmail, renderEmail } from "@disclose/email";
import { z } from "zod";
import { AppError, AppErrorCode } from "../../errors";
import { consumeRateLimit, countersFor, RATE_LIMITS } from "../rate-limits/consume-rate-limit";
import { linkReporterEmail } from "../retention/reporter-emails";
import { findReportIdByToken } from "./tracking-token";

const ZEmail = z.email().max(L.emailMaxChars);
const KEY_SECRET = /^[A-Za-z0-9_-]{43}$/;

/**
 * Emails the tracking link the reporter asks for. Only a link to this report's own tracking page can be sent
 * (so the portal cannot be used to mail arbitrary text to anyone), and only after the token proves the caller
 * holds it. The link's fragment is the key secret: the outbox row holds it until the message is delivered.
 */
export async function emailTrackingLink({
  db,
  now,
  portalUrl,
  token,
  email,
  link,
}: {
  db: Db;
  now: Date;
  portalUrl: string;
  token: string;
  email: string;
  link: string;
}): Promise<{ queued: true }> {
  const reportId = await findReportIdByToken({ db, token });
  await consumeRateLimit({ db, counters: countersFor(RATE_LIMITS.emailLinkPerReport, reportId), now });
  const to = ZEmail.safeParse(email.trim());
  if (!to.success) {
    throw new AppError(AppErrorCode.BAD_INPUT, "This email address does not look valid.", { field: "email" });
  }
  const expected = `${new URL(portalUrl).origin}/track/${token}`;
  const [base, fragment, ...rest] = link.split("#");
  if (base !== expected || rest.length > 0 || (fragment !== undefined && !KEY_SECRET.test(fragment))) {
    throw new AppError(AppErrorCode.BAD_INPUT, "Only this report's own tracking link can be emailed.", {
      field: "link",
    });
  }
  await db.$transaction(async (tx) => {
    const { id } = await enqueueEmail(tx, { to: to.data, ...renderEmail("trackingLink", { link }) });
    // The address may differ from the one for updates: linked, retention and erasure on request find it too.
    await linkReporterEmail(tx, { reportId, outboxMessageId: id });
    await appendAuditEvent(tx, {
      actorKind: "reporter",
      action: "report.tracking_link_emailed",
      subjectType: "report",
      subjectId: reportId,
      occurredAt: now,
    });
  });
  return { queued: true };
}
