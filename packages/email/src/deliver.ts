import { type Db, Prisma } from "@disclose/db";
import { messageIdFor, ZEmailHeaders } from "./message";
import { buildPgpMimeMessage, envelopeAddress } from "./pgp-mime";
import type { EmailTransport } from "./transport";

/** What a delivered message's body is replaced with. */
export const DELIVERED_BODY_PLACEHOLDER = "(removed after delivery)";

export interface DeliverOutboxMessageOptions {
  db: Db;
  transport: EmailTransport;
  /** The From header, e.g. `Disclose <security@example.org>`. */
  from: string;
  outboxId: string;
  /** This attempt's number, 1-based (graphile-worker's job.attempts). */
  attempt: number;
  /** After a failed attempt with attempt >= maxAttempts the message is marked FAILED. */
  maxAttempts: number;
  now?: () => Date;
}

export type DeliveryOutcome =
  | { outcome: "sent"; messageId: string }
  | { outcome: "already-sent" }
  | { outcome: "already-failed" }
  | { outcome: "missing" }
  | { outcome: "retry"; error: string }
  | { outcome: "failed"; error: string };

/** The headers a delivered message keeps: their names, each value replaced. */
function deliveredHeaders(headers: Prisma.JsonValue): Prisma.InputJsonObject | typeof Prisma.DbNull {
  if (headers === null || typeof headers !== "object" || Array.isArray(headers)) return Prisma.DbNull;
  return Object.fromEntries(Object.keys(headers).map((name) => [name, DELIVERED_BODY_PLACEHOLDER]));
}

/** Longest time the row lock is held: enough for the transport's own timeouts to fire first. */
const DELIVERY_TX_TIMEOUT_MS = 120_000;

export function describeError(error: unknown): string {
  const e = error as { code?: unknown; responseCode?: unknown; message?: unknown } | null;
  const parts = [
    typeof e?.code === "string" ? e.code : undefined,
    typeof e?.responseCode === "number" ? String(e.responseCode) : undefined,
    typeof e?.message === "string" ? e.message : String(error),
  ].filter(Boolean);
  return parts.join(": ").slice(0, 1000);
}

/**
 * Delivers one outbox message, at most once per success: the row is locked (FOR UPDATE) for the whole attempt,
 * so two jobs for the same message cannot both send it, and a message already SENT is never sent again.
 * The SMTP send happens before the row is marked SENT; if the process dies between the server accepting the
 * message and the commit, the next attempt sends it again with the same Message-ID (the one unavoidable
 * duplicate of any outbox; receivers can recognise it by that id).
 */
export async function deliverOutboxMessage(options: DeliverOutboxMessageOptions): Promise<DeliveryOutcome> {
  const { db, transport, from, outboxId, attempt, maxAttempts } = options;
  const now = options.now ?? (() => new Date());
  return db.$transaction(
    async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT id::text AS id FROM outbox_messages WHERE id = ${outboxId}::uuid FOR UPDATE`;
      if (locked.length === 0) return { outcome: "missing" };
      const message = await tx.outboxMessage.findUniqueOrThrow({
        where: { id: outboxId },
        include: { attachments: { orderBy: { position: "asc" } } },
      });
      if (message.status === "SENT") return { outcome: "already-sent" };
      if (message.status === "FAILED") return { outcome: "already-failed" };

      const messageId = messageIdFor(message.id, from);
      try {
        // Checked again on the way out: the row is data, and only the allow-listed headers may leave.
        const headers = message.headers === null ? undefined : ZEmailHeaders.parse(message.headers);
        if (message.pgpEncrypted !== null) {
          // PGP/MIME is a structure nodemailer does not compose itself: the whole message is built here and
          // sent raw, so the envelope must be given explicitly.
          const raw = await buildPgpMimeMessage({
            from,
            to: message.toAddress,
            subject: message.subject,
            messageId,
            date: message.createdAt,
            armored: message.pgpEncrypted,
            ...(headers === undefined ? {} : { headers }),
          });
          await transport.sendMail({
            envelope: { from: envelopeAddress(from), to: [message.toAddress] },
            raw,
          });
        } else {
          await transport.sendMail({
            from,
            to: message.toAddress,
            subject: message.subject,
            text: message.textBody,
            ...(message.htmlBody === null ? {} : { html: message.htmlBody }),
            ...(message.attachments.length === 0
              ? {}
              : {
                  attachments: message.attachments.map((a) => ({
                    filename: a.fileName,
                    contentType: a.contentType,
                    content: Buffer.from(a.content),
                  })),
                }),
            ...(headers === undefined ? {} : { headers }),
            messageId,
            date: message.createdAt,
          });
        }
      } catch (error) {
        const lastError = describeError(error);
        const final = attempt >= maxAttempts;
        await tx.outboxMessage.update({
          where: { id: message.id },
          data: {
            attempts: { increment: 1 },
            lastError,
            lastTriedAt: now(),
            ...(final ? { status: "FAILED" as const } : {}),
          },
        });
        return final ? { outcome: "failed", error: lastError } : { outcome: "retry", error: lastError };
      }
      const at = now();
      await tx.outboxMessage.update({
        where: { id: message.id },
        // A body can hold a capability (a reporter's tracking link): once delivered, the database keeps only the
        // envelope, so a later reader of the table gains nothing.
        data: {
          status: "SENT",
          sentAt: at,
          lastTriedAt: at,
          attempts: { increment: 1 },
          textBody: DELIVERED_BODY_PLACEHOLDER,
          htmlBody: null,
          pgpEncrypted: null,
          // An unsubscribe link is a capability too (it stops someone's announcements): the names stay, as a
          // record of what kind of message it was (retention finds announcement emails by them), the values go.
          headers: deliveredHeaders(message.headers),
        },
      });
      // Attachments go with the body: the outbox is not an archive of what was sent.
      await tx.outboxAttachment.deleteMany({ where: { outboxMessageId: message.id } });
      return { outcome: "sent", messageId };
    },
    { timeout: DELIVERY_TX_TIMEOUT_MS, maxWait: 10_000 },
  );
}
