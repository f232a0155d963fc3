import nodemailer, { type Transporter } from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";

export type EmailTransport = Transporter<SMTPTransport.SentMessageInfo, SMTPTransport.Options>;

export interface TransportTimeouts {
  /** ms to open the TCP connection */
  connectionTimeout?: number;
  /** ms to wait for the server's greeting after connecting */
  greetingTimeout?: number;
  /** ms of socket inactivity before giving up */
  socketTimeout?: number;
}

/**
 * A nodemailer SMTP transport for `smtpUrl` (smtp:// or smtps://, credentials in the URL). Timeouts are short
 * so a down or hung server fails the attempt quickly and the outbox retries later, instead of holding a job
 * (and its row lock) for nodemailer's default minutes.
 */
export function createTransport(smtpUrl: string, timeouts: TransportTimeouts = {}): EmailTransport {
  return nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: timeouts.connectionTimeout ?? 10_000,
    greetingTimeout: timeouts.greetingTimeout ?? 10_000,
    socketTimeout: timeouts.socketTimeout ?? 30_000,
    dnsTimeout: 10_000,
  });
}
