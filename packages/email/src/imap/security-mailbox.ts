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
  /**
   * Only the message's header block (BODY.PEEK[HEADER]: the body is not downloaded and the message is not marked
   * seen), or null when it is gone: enough to decide on mail too large to fetch.
   */
  headers(uid: number): Promise<Buffer | null>;
  /** Moves the message to a folder, or deletes it. */
  moveTo(uid: number, to: "processed" | "quarantine"): Promise<void>;
  close(): Promise<void>;
}

/** The security mailbox as openSecurityMailbox gives it: a live session that can also wait for new mail. */
export interface SecurityMailboxSession extends SecurityMailbox {
  /** Whether the server offers IDLE (RFC 2177): new mail is then told at once, otherwise the caller polls. */
  readonly offersIdle: boolean;
  /**
   * Waits for new mail in the inbox folder: "mail" as soon as the server tells of some (at once if it did since
   * the last `waiting()`), "timeout" after `ms`. Under IDLE the server tells at once; without it only a command
   * brings news, so the caller polls with a short `ms`. Rejects when the connection is lost (or closed).
   */
  waitForMail(ms: number): Promise<"mail" | "timeout">;
}

/** How long an IDLE command lasts before imapflow breaks and restarts it (servers end one after 30 minutes). */
const MAX_IDLE_MS = 10 * 60_000;
/** How long close() waits for the server to answer LOGOUT before it drops the connection. */
const LOGOUT_WAIT_MS = 2_000;

const closedError = () => new Error("The IMAP connection was closed.");

export async function openSecurityMailbox(config: TMailboxConfig): Promise<SecurityMailboxSession> {
  const client = new ImapFlow({
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: { user: config.user, pass: config.password },
    // Its log would carry headers and envelopes: addresses and subjects stay out of ours.
    logger: false,
    // IDLE is started by waitForMail when the caller has nothing else to do, not 15 s after the last command.
    disableAutoIdle: true,
    // Servers drop an IDLE session after 30 minutes (RFC 2177): it is broken and restarted well before.
    maxIdleTime: MAX_IDLE_MS,
  });
  client.on("error", () => {
    // A dropped connection surfaces as a failed call; the pick-up records it and tries again next round.
  });
  // New mail told by the server (an EXISTS count that grew), during IDLE or in the answer to any command, and
  // not yet looked at by waiting(): a message that arrives during a round is picked up by the next one at once.
  let newMail = false;
  let wake: (() => void) | null = null;
  client.on("exists", (event) => {
    if (event.count > event.prevCount) {
      newMail = true;
      wake?.();
    }
  });
  client.on("close", () => wake?.());
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
      offersIdle: client.capabilities.has("IDLE"),
      async waiting() {
        newMail = false;
        // The count is only as fresh as the server's last word (without IDLE, news comes only with a command):
        // a NOOP asks for it first.
        await client.noop();
        if (!client.mailbox || client.mailbox.exists === 0) return [];
        const all = await client.fetchAll("1:*", { uid: true, size: true });
        return all.map((m) => ({ uid: m.uid, size: m.size ?? 0 })).sort((a, b) => a.uid - b.uid);
      },
      async source(uid) {
        const message = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
        return message ? (message.source ?? null) : null;
      },
      async headers(uid) {
        const message = await client.fetchOne(String(uid), { uid: true, headers: true }, { uid: true });
        return message ? (message.headers ?? null) : null;
      },
      waitForMail(ms) {
        if (newMail) return Promise.resolve("mail");
        if (!client.usable) return Promise.reject(closedError());
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => settle(() => resolve("timeout")), ms);
          const settle = (then: () => void) => {
            clearTimeout(timer);
            wake = null;
            then();
          };
          wake = () => {
            if (newMail) settle(() => resolve("mail"));
            else if (!client.usable) settle(() => reject(closedError()));
          };
          // IDLE lasts until the next command (the round's first fetch) breaks it. Without IDLE imapflow polls
          // with NOOP every 2 minutes, which keeps the session alive; the caller's shorter timeout polls sooner.
          // A failed IDLE shows as a closed connection (above) or as nothing: the timeout still comes.
          client.idle({ whenFree: true }).catch(() => wake?.());
        });
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
        // LOGOUT politely, but never wait long for it: a server that stopped answering must not hold up a stop.
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          client.logout().catch(() => {}),
          new Promise((resolve) => {
            timer = setTimeout(resolve, LOGOUT_WAIT_MS);
          }),
        ]);
        clearTimeout(timer);
        client.close();
      },
    };
  } catch (error) {
    client.close();
    throw error;
  }
}
