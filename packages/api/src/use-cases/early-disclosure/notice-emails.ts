import { armorMessage } from "@disclose/crypto";
import type { DbTx } from "@disclose/db";
import { embargoCalendar } from "@disclose/domain";
import { type EmailTemplates, enqueueEmails, renderEmail, type TEmailAttachment } from "@disclose/email";

type TKind = NonNullable<EmailTemplates["distributorCaseNotice"]["kind"]>;

/** The embargo end as a calendar entry (case short id and project name only, as the distributor area's). */
export function embargoCalendarAttachment(options: {
  caseId: string;
  projectName: string;
  disclosureAt: Date;
  now: Date;
}): TEmailAttachment {
  return {
    filename: `embargo-${options.caseId.slice(0, 8)}.ics`,
    contentType: "text/calendar; charset=utf-8",
    content: new TextEncoder().encode(embargoCalendar(options)),
  };
}

/** The embargoed notice (the link and the date, with the embargo end as an .ics) to each address. */
export async function enqueueCaseNotices(
  tx: DbTx,
  to: readonly string[],
  options: {
    projectName: string;
    caseId: string;
    disclosureAt: Date;
    adminUrl: string;
    kind: TKind;
    now: Date;
  },
): Promise<void> {
  const email = renderEmail("distributorCaseNotice", options);
  const calendar = embargoCalendarAttachment(options);
  await enqueueEmails(
    tx,
    to.map((address) => ({ to: address, ...email, attachments: [calendar] })),
  );
}

/**
 * A copy's ciphertext as the `encrypted.asc` part: the same OpenPGP packets, armored (copies are stored binary:
 * the upload accepts only a binary message). Armor is an encoding, not encryption: nothing is re-encrypted.
 */
export function armoredCopy(ciphertext: Uint8Array): string {
  return armorMessage(ciphertext);
}

/** One copy as a PGP/MIME email to a security contact, under the notice's subject. */
export function emailedCopy(to: string, subject: string, ciphertext: Uint8Array) {
  return {
    to,
    subject,
    // Kept in the outbox only: a PGP/MIME message has nothing in clear but its envelope headers.
    text: "An embargoed copy, encrypted to your team key (PGP/MIME).",
    pgpEncrypted: armoredCopy(ciphertext),
  };
}

/**
 * For an organisation that asked for copies by email: one PGP/MIME email per copy to its security contact, whose
 * encrypted part is the copy as uploaded (encrypted in the Fix Lead's browser, to the team key among others; the
 * server never decrypts or re-encrypts it). The subject is the notice's: nothing about the case in clear.
 */
export async function enqueueEmailedCopies(
  tx: DbTx,
  options: {
    securityContact: string;
    copies: readonly { ciphertext: Uint8Array }[];
    projectName: string;
    caseId: string;
    disclosureAt: Date;
    adminUrl: string;
  },
): Promise<number> {
  const { subject } = renderEmail("distributorCaseNotice", { ...options, kind: "notice" });
  await enqueueEmails(
    tx,
    options.copies.map((copy) => emailedCopy(options.securityContact, subject, copy.ciphertext)),
  );
  return options.copies.length;
}
