import { randomBytes } from "node:crypto";
import { openSecurityMailbox, parseImapUrl, type SecurityMailbox, type TestDovecot } from "@disclose/email";
import { ImapFlow } from "imapflow";

/** A fresh mailbox (its own IMAP user on the test Dovecot) with these raw messages delivered to its inbox. */
export async function testMailboxWith(dovecot: TestDovecot, messages: (string | Buffer)[]) {
  const user = `security-${randomBytes(4).toString("hex")}`;
  const url = dovecot.urlOf(user);
  const config = parseImapUrl(url);
  const client = new ImapFlow({
    host: config.host,
    port: config.port,
    secure: false,
    auth: { user: config.user, pass: config.password },
    logger: false,
  });
  await client.connect();
  for (const raw of messages) await client.append("INBOX", raw);
  const folder = async (path: string) => {
    const status = await client.status(path, { messages: true });
    return status ? (status.messages ?? 0) : 0;
  };
  return {
    url,
    config,
    open: (): Promise<SecurityMailbox> => openSecurityMailbox(config),
    /** Delivers more mail to the inbox. */
    deliver: async (raw: string | Buffer) => {
      await client.append("INBOX", raw);
    },
    counts: async () => ({
      inbox: await folder("INBOX"),
      processed: await folder("Processed"),
      quarantine: await folder("Quarantine"),
    }),
    close: () => client.logout(),
  };
}

/** A raw message with these headers (Date and Message-ID filled in unless given) and body. */
export const testMail = (headers: Record<string, string>, body: string) =>
  `${Object.entries({
    Date: "Mon, 30 Nov 2026 10:00:00 +0000",
    "Message-ID": `<${randomBytes(6).toString("hex")}@example.org>`,
    ...headers,
  })
    .map(([k, v]) => `${k}: ${v}`)
    .join("\r\n")}\r\n\r\n${body}`;
