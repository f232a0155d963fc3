import { simpleParser } from "mailparser";
import nodemailer from "nodemailer";
import type { EmailTransport } from "./transport";

export interface CapturedEmail {
  /** The whole message as it would have gone over SMTP (CRLF line ends). */
  raw: Buffer;
  envelope: { from: string | false; to: string[] };
}

/**
 * A transport that renders each message and keeps it instead of sending it: for tests and previews that need the
 * exact MIME a receiver would get (the development sink keeps only the parsed text).
 */
export function createCaptureTransport(): { transport: EmailTransport; sent: CapturedEmail[] } {
  const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });
  const sent: CapturedEmail[] = [];
  const transport = {
    async sendMail(options: Parameters<EmailTransport["sendMail"]>[0]) {
      const info = await stream.sendMail(options);
      sent.push({ raw: info.message as Buffer, envelope: info.envelope as CapturedEmail["envelope"] });
      return info;
    },
    close() {},
  } as unknown as EmailTransport;
  return { transport, sent };
}

/** The parts of a captured message a test looks at: subject, text and attachments (decoded). */
export async function parseCapturedEmail(raw: Buffer): Promise<{
  subject: string;
  text: string;
  attachments: { filename: string | null; contentType: string; content: Buffer }[];
}> {
  const parsed = await simpleParser(raw);
  return {
    subject: parsed.subject ?? "",
    text: parsed.text ?? "",
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename ?? null,
      contentType: a.contentType,
      content: a.content,
    })),
  };
}
