import { randomBytes } from "node:crypto";
import { connectMailbox, openSecurityMailbox, parseImapUrl, type TestDovecot } from "@disclose/email";

/** A fresh mailbox (its own IMAP user on the test Dovecot) with these raw messages delivered to its inbox. */
export async function testMailboxWith(dovecot: TestDovecot, messages: (string | Buffer)[]) {
  const url = dovecot.urlOf(`security-${randomBytes(4).toString("hex")}`);
  const config = parseImapUrl(url);
  const client = await connectMailbox(url);
  await client.append(messages);
  return {
    url,
    config,
    open: () => openSecurityMailbox(config),
    /** Delivers more mail to the inbox, as a mail server would. */
    deliver: (raw: string | Buffer) => client.append([raw]),
    counts: async () => ({
      inbox: await client.count("INBOX"),
      processed: await client.count("Processed"),
      quarantine: await client.count("Quarantine"),
    }),
    close: () => client.close(),
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
