import { ImapFlow } from "imapflow";
import { parseImapUrl } from "./security-mailbox";

/** A mailbox as a mail server sees it: what tests and benchmarks use to deliver mail and count what is where. */
export interface MailboxClient {
  /** Appends each message to the folder (the inbox folder by default), as a mail server's delivery would. */
  append(messages: readonly (string | Buffer)[], folder?: string): Promise<void>;
  /** The number of messages in a folder (0 when it does not exist yet). */
  count(folder: string): Promise<number>;
  close(): Promise<void>;
}

/** Connects to the mailbox a SECURITY_IMAP_URL names. */
export async function connectMailbox(imapUrl: string): Promise<MailboxClient> {
  const config = parseImapUrl(imapUrl);
  const client = new ImapFlow({
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: { user: config.user, pass: config.password },
    logger: false,
  });
  await client.connect();
  return {
    append: async (messages, folder = config.inbox) => {
      for (const raw of messages) await client.append(folder, raw);
    },
    count: async (folder) => {
      const status = await client.status(folder, { messages: true }).catch(() => null);
      return status ? (status.messages ?? 0) : 0;
    },
    close: () => client.logout(),
  };
}

/** Puts raw messages into a mailbox's inbox folder (end-to-end tests play a reporter writing to security@). */
export async function deliverToMailbox(
  imapUrl: string,
  messages: readonly (string | Buffer)[],
): Promise<void> {
  const mailbox = await connectMailbox(imapUrl);
  try {
    await mailbox.append(messages);
  } finally {
    await mailbox.close();
  }
}
