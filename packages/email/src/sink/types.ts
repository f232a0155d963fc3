/** One message as the development sink received it (what the mailbox page shows). */
export interface SinkMessageSummary {
  id: string;
  /** The Message-ID header, angle brackets included; null if the message had none. */
  messageId: string | null;
  from: string;
  to: string[];
  subject: string;
  /** The Date header (ISO 8601), if any. */
  date: string | null;
  /** When the sink accepted it (ISO 8601). */
  receivedAt: string;
  /** Size of the raw message in bytes. */
  size: number;
}

export interface SinkMessage extends SinkMessageSummary {
  text: string | null;
  html: string | null;
  /** The Reply-To address(es), if any. */
  replyTo?: string[];
  /** The encrypted part of a PGP/MIME (RFC 3156) message, armored as sent; null for any other message. */
  encrypted?: string | null;
  /** The SMTP envelope, which may differ from the headers (e.g. Bcc). */
  envelope: { mailFrom: string | null; rcptTo: string[] };
}
