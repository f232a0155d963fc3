import MimeNode from "nodemailer/lib/mime-node";

export interface PgpMimeOptions {
  from: string;
  to: string;
  subject: string;
  messageId: string;
  date: Date;
  /** The ASCII-armored OpenPGP message, sent as it is (the server never decrypts or re-encrypts it). */
  armored: string;
  /** Extra headers (already checked against the allow-list): Reply-To and the thread's In-Reply-To, References. */
  headers?: Record<string, string>;
}

/**
 * A whole PGP/MIME message (RFC 3156 section 4): `multipart/encrypted; protocol="application/pgp-encrypted"`
 * with the version part ("Version: 1") and the encrypted part `encrypted.asc`. Only the envelope headers are in
 * clear, so the subject must tell nothing the encrypted part hides.
 */
export async function buildPgpMimeMessage(options: PgpMimeOptions): Promise<Buffer> {
  const root = new MimeNode('multipart/encrypted; protocol="application/pgp-encrypted"');
  root.setHeader({
    From: options.from,
    To: options.to,
    Subject: options.subject,
    "Message-ID": options.messageId,
    Date: options.date.toUTCString(),
    ...options.headers,
  });
  root
    .createChild("application/pgp-encrypted")
    .setHeader({
      "Content-Description": "PGP/MIME version identification",
      "Content-Transfer-Encoding": "7bit",
    })
    .setContent("Version: 1\r\n");
  root
    .createChild('application/octet-stream; name="encrypted.asc"')
    .setHeader({
      "Content-Description": "OpenPGP encrypted message",
      "Content-Disposition": 'inline; filename="encrypted.asc"',
      "Content-Transfer-Encoding": "7bit",
    })
    .setContent(options.armored.replace(/\r?\n/g, "\r\n"));
  return root.build();
}

/** The bare address of a From header such as `Disclose <security@example.org>`, for the SMTP envelope. */
export function envelopeAddress(from: string): string {
  return /<([^<>\s]+)>\s*$/.exec(from)?.[1] ?? from.trim();
}
