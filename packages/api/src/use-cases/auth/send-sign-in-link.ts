import { appendAuditEvent, type Db } from "@disclose/db";
import { enqueueEmail, renderEmail } from "@disclose/email";
import { AppError } from "../../errors";
import { consumeRateLimit, countersFor, RATE_LIMITS } from "../rate-limits/consume-rate-limit";

/**
 * Mails a sign-in link through the outbox, to an active account only. The caller learns nothing either way
 * (the page says "if this address has an account…"), so the form cannot be used to find out who has one,
 * and past the per-address limit nothing more is sent.
 */
export async function sendSignInLink({
  db,
  email,
  link,
  validMinutes,
  now,
}: {
  db: Db;
  email: string;
  link: string;
  validMinutes: number;
  now: Date;
}): Promise<{ sent: boolean }> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, active: true } });
  if (!user?.active) return { sent: false };
  try {
    await consumeRateLimit({ db, counters: countersFor(RATE_LIMITS.signInLinkPerEmail, email), now });
  } catch (error) {
    if (error instanceof AppError) return { sent: false };
    throw error;
  }
  await db.$transaction(async (tx) => {
    await enqueueEmail(tx, { to: email, ...renderEmail("signInLink", { link, validMinutes }) });
    await appendAuditEvent(tx, {
      actorId: user.id,
      actorKind: "user",
      action: "auth.sign_in_link_sent",
      subjectType: "user",
      subjectId: user.id,
      occurredAt: now,
    });
  });
  return { sent: true };
}
