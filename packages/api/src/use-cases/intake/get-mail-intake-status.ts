import type { Db } from "@disclose/db";
import { DAY_MS } from "@disclose/domain";
import { parseImapUrl } from "@disclose/email";
import { z } from "zod";

export const ZMailIntakeStatus = z.object({
  /** SECURITY_IMAP_URL is set. */
  configured: z.boolean(),
  /** "user/INBOX on host:port": where mail is picked up (never the password). */
  mailbox: z.string().nullable(),
  lastPickupAt: z.date().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.date().nullable(),
  reportsTaken: z.number().int(),
  /** Messages kept aside for the PST in the last 30 days (auto-replies, bounces, unreadable, refused). */
  quarantinedLast30Days: z.number().int(),
});
export type TMailIntakeStatus = z.infer<typeof ZMailIntakeStatus>;

/** What the settings page shows of the security mailbox's pick-up. */
export async function getMailIntakeStatus({
  db,
  imapUrl,
  now,
}: {
  db: Db;
  imapUrl: string | undefined;
  now: Date;
}): Promise<TMailIntakeStatus> {
  const config = imapUrl ? parseImapUrl(imapUrl) : null;
  const [status, quarantined] = await Promise.all([
    db.mailIntakeStatus.findUnique({ where: { id: 1 } }),
    db.mailIntakeMessage.count({
      where: { outcome: "quarantined", processedAt: { gte: new Date(now.getTime() - 30 * DAY_MS) } },
    }),
  ]);
  return {
    configured: config !== null,
    mailbox: config ? `${config.user}/${config.inbox} on ${config.host}:${config.port}` : null,
    lastPickupAt: status?.lastPickupAt ?? null,
    lastError: status?.lastError ?? null,
    lastErrorAt: status?.lastErrorAt ?? null,
    reportsTaken: status?.reportsTaken ?? 0,
    quarantinedLast30Days: quarantined,
  };
}
