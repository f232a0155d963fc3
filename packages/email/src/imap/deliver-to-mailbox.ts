import { ImapFlow } from "imapflow";
import { parseImapUrl } from "./security-mailbox";

/**
 * Puts raw messages into a mailbox's inbox folder over IMAP (APPEND), as a mail server's delivery would: what
 * end-to-end tests and the local demo mailbox use to play a reporter writing to the security address.
 */
export async function deliverToMailbox(
  imapUrl: string,
  messages: readonly (string | Buffer)[],
): Promise<void> {
  const config = parseImapUrl(imapUrl);
  const client = new ImapFlow({
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: { user: config.user, pass: config.password },
    logger: false,
  });
  await client.connect();
  try {
    for (const raw of messages) await client.append(config.inbox, raw);
  } finally {
    await client.logout();
  }
}
