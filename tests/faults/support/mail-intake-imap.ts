import { randomBytes } from "node:crypto";

/** A plain reporter's message, as a mail client writes it: its own sender, subject and Message-ID. */
export function plainReportMail({
  from,
  to,
  subject,
  body,
}: {
  from: string;
  to: string;
  subject: string;
  body: string;
}): string {
  return [
    `From: ${from}`,
    `To: ${to}`,
    `Subject: ${subject}`,
    "Date: Mon, 30 Nov 2026 10:00:00 +0000",
    `Message-ID: <${randomBytes(8).toString("hex")}@example.org>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    body,
    "",
  ].join("\r\n");
}
