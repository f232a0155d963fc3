import { ImapFlow } from "imapflow";

/** Where Disclose picks reporters' mail up, from SECURITY_IMAP_URL. */
export interface TMailboxConfig {
  host: string;
  port: number;
  /** imaps:// (TLS from the start); imap:// uses STARTTLS when the server offers it. */
  secure: boolean;
  user: string;
  password: string;
  /** The folder mail arrives in. */
  inbox: string;
  /** Where a message goes once its report is committed (unless `afterReport` is "delete"). */
  processedFolder: string;
  /** Where mail that is not a report is kept aside for the PST: auto-replies, bounces, unreadable or oversize mail. */
  quarantineFolder: string;
  afterReport: "move" | "delete";
}

/**
 * Reads SECURITY_IMAP_URL: `imap[s]://user:password@host[:port]/INBOX?processed=Processed&quarantine=Quarantine`,
 * with `&after=delete` to delete reported mail instead of moving it. Throws a message that names what is wrong
 * (never the password).
 */
export function parseImapUrl(value: string): TMailboxConfig {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error("SECURITY_IMAP_URL is not a URL: expected imap://user:password@host:port/INBOX");
  }
  if (url.protocol !== "imap:" && url.protocol !== "imaps:") {
    throw new Error("SECURITY_IMAP_URL must start with imap:// or imaps://");
  }
  if (!url.username || !url.password) throw new Error("SECURITY_IMAP_URL needs a user name and a password.");
  const secure = url.protocol === "imaps:";
  const after = url.searchParams.get("after") ?? "move";
  if (after !== "move" && after !== "delete") throw new Error("SECURITY_IMAP_URL: after= is move or delete.");
  const inbox = decodeURIComponent(url.pathname.replace(/^\//, "")) || "INBOX";
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    inbox,
    processedFolder: url.searchParams.get("processed") ?? "Processed",
    quarantineFolder: url.searchParams.get("quarantine") ?? "Quarantine",
    afterReport: after,
  };
}

export interface TWaitingMessage {
  uid: number;
  size: number;
}

/** The security mailbox, open on its inbox folder: what the pick-up needs of IMAP and nothing more. */
export interface SecurityMailbox {
  /** "user/folder": with the UIDVALIDITY and a UID, names one message for good. */
  readonly name: string;
  readonly uidValidity: bigint;
  /** Every message in the inbox folder, oldest first (mail left in place is skipped by the caller's record). */
  waiting(): Promise<TWaitingMessage[]>;
  /** The message's raw source, or null when it is gone (another worker moved it). */
  source(uid: number): Promise<Buffer | null>;
  /** Moves the message to a folder, or deletes it. */
  moveTo(uid: number, to: "processed" | "quarantine"): Promise<void>;
  close(): Promise<void>;
}

export async function openSecurityMailbox(config: TMailboxConfig): Promise<SecurityMailbox> {
  const client = new ImapFlow({
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: { user: config.user, pass: config.password },
    // Its log would carry headers and envelopes: addresses and subjects stay out of ours.
    logger: false,
  });
  client.on("error", () => {
    // A dropped connection surfaces as a failed call; the pick-up records it and tries again next round.
  });
  await client.connect();
  try {
    const existing = new Set((await client.list()).map((m) => m.path));
    for (const folder of [config.processedFolder, config.quarantineFolder]) {
      if (!existing.has(folder)) await client.mailboxCreate(folder);
    }
    const uidValidity = BigInt((await client.mailboxOpen(config.inbox)).uidValidity);
    return {
      // The account's folder: two accounts' folders may share a UIDVALIDITY (Dovecot derives it from the time).
      name: `${config.user}/${config.inbox}`,
      uidValidity,
      async waiting() {
        if (!client.mailbox || client.mailbox.exists === 0) return [];
        const all = await client.fetchAll("1:*", { uid: true, size: true });
        return all.map((m) => ({ uid: m.uid, size: m.size ?? 0 })).sort((a, b) => a.uid - b.uid);
      },
      async source(uid) {
        const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
        return message ? (message.source ?? null) : null;
      },
      async moveTo(uid, to) {
        if (to === "processed" && config.afterReport === "delete") {
          await client.messageDelete(String(uid), { uid: true });
          return;
        }
        const folder = to === "processed" ? config.processedFolder : config.quarantineFolder;
        await client.messageMove(String(uid), folder, { uid: true });
      },
      async close() {
        await client.logout().catch(() => client.close());
      },
    };
  } catch (error) {
    client.close();
    throw error;
  }
}
