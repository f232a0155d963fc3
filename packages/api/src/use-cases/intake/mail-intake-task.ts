import type { Db } from "@disclose/db";
import type { TIntakePolicy } from "@disclose/domain";
import { openSecurityMailbox, parseImapUrl, type TMailboxConfig } from "@disclose/email";
import { apiEnv } from "../../env";
import { pickUpMail } from "./pick-up-mail";

export const MAIL_INTAKE_TASK = "mail-intake";
/** Every minute (polling: a round finds whatever arrived since; IMAP IDLE is left for later). */
export const MAIL_INTAKE_CRONTAB = `* * * * * ${MAIL_INTAKE_TASK}`;

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;

/**
 * Who intake must leave alone or never answer: staff (every active account that is not only a distributor's),
 * the team list (`list-id=` in SECURITY_IMAP_URL) and our own addresses (the mailbox's, `address=`, MAIL_FROM's).
 */
export async function intakePolicy(
  db: Db,
  config: TMailboxConfig,
  url: URL,
  mailFrom: string,
): Promise<TIntakePolicy> {
  const staff = await db.user.findMany({
    where: { active: true, NOT: { roles: { some: { role: "DISTRIBUTOR_MEMBER" } } } },
    select: { email: true },
  });
  const own = [
    config.user,
    url.searchParams.get("address") ?? "",
    mailFrom.match(/<([^>]+)>/)?.[1] ?? mailFrom,
  ]
    .map((a) => a.trim().toLowerCase())
    .filter((a) => ADDRESS.test(a));
  return {
    staffAddresses: new Set(staff.map((u) => u.email.toLowerCase())),
    teamListId: url.searchParams.get("list-id"),
    ownAddresses: new Set(own),
  };
}

/**
 * The worker's pick-up round: opens the security mailbox, turns what waits there into reports, and keeps the
 * state the admin settings show (last pick-up, the last error: its words, never a message's content).
 */
export function createMailIntakeTask({
  db,
  imapUrl = apiEnv().SECURITY_IMAP_URL,
  mailFrom,
}: {
  db: Db;
  imapUrl?: string;
  mailFrom: string;
}) {
  return async () => {
    if (!imapUrl) return;
    const config = parseImapUrl(imapUrl);
    try {
      const mailbox = await openSecurityMailbox(config);
      try {
        await pickUpMail({
          db,
          mailbox,
          policy: await intakePolicy(db, config, new URL(imapUrl), mailFrom),
          now: () => new Date(),
        });
      } finally {
        await mailbox.close();
      }
      const at = new Date();
      await db.mailIntakeStatus.upsert({
        where: { id: 1 },
        create: { id: 1, lastPickupAt: at, lastError: null },
        update: { lastPickupAt: at, lastError: null },
      });
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 300);
      await db.mailIntakeStatus.upsert({
        where: { id: 1 },
        create: { id: 1, lastError: message, lastErrorAt: new Date() },
        update: { lastError: message, lastErrorAt: new Date() },
      });
    }
  };
}
