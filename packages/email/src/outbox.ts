import { randomUUID } from "node:crypto";
import { type AnyTx, type DbTx, txQuery } from "@disclose/db";
import { parseEmailMessage, type TEmailMessage } from "./message";

/** graphile-worker task identifier of the job that delivers one outbox message. */
export const SEND_EMAIL_TASK = "send-email";

/**
 * Attempts before a message is marked FAILED. graphile-worker waits exp(min(attempt, 10)) seconds after a
 * failed attempt (2.7 s, 7.4 s, 20 s, … capped at ~6 h), so 20 attempts keep trying for about two days.
 */
export const DEFAULT_MAX_ATTEMPTS = 20;

export interface EnqueueEmailOptions {
  /** How many delivery attempts before the message is marked FAILED. */
  maxAttempts?: number;
}

/** One job per outbox message: adding it twice (e.g. a requeue) replaces the waiting job instead of adding one. */
export function jobKeyFor(outboxId: string): string {
  return `outbox:${outboxId}`;
}

async function addSendJob(tx: AnyTx, outboxId: string, maxAttempts: number): Promise<void> {
  await txQuery(
    tx,
    `SELECT (graphile_worker.add_job(
       $1::text, json_build_object('outboxId', $2::text), job_key => $3::text, max_attempts => $4::int
     )).id::text AS job_id`,
    [SEND_EMAIL_TASK, outboxId, jobKeyFor(outboxId), maxAttempts],
  );
}

/** A message's extra headers as JSON text for the outbox's jsonb column, or null when it has none. */
function headersJson(msg: TEmailMessage): string | null {
  return msg.headers === undefined ? null : JSON.stringify(msg.headers);
}

function checkMaxAttempts(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new RangeError(`maxAttempts must be 1..100, got ${n}`);
  return n;
}

/**
 * Writes an email to the outbox and queues its delivery, both inside `tx`: commit the caller's transaction and
 * the message will be sent (with retries); roll it back and neither the message nor its job exists.
 * Throws InvalidEmailError (before touching the database) when the message is refused.
 */
export async function enqueueEmail(
  tx: AnyTx,
  message: TEmailMessage,
  options: EnqueueEmailOptions = {},
): Promise<{ id: string }> {
  const msg = parseEmailMessage(message);
  const maxAttempts = checkMaxAttempts(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const id = randomUUID();
  await txQuery(
    tx,
    `INSERT INTO outbox_messages (id, kind, to_address, subject, text_body, html_body, pgp_encrypted, headers)
     VALUES ($1::uuid, 'email', $2, $3, $4, $5, $6, $7::jsonb)`,
    [id, msg.to, msg.subject, msg.text, msg.html ?? null, msg.pgpEncrypted ?? null, headersJson(msg)],
  );
  for (const [position, a] of (msg.attachments ?? []).entries()) {
    await txQuery(
      tx,
      `INSERT INTO outbox_attachments (id, outbox_message_id, position, file_name, content_type, content)
       VALUES ($1::uuid, $2::uuid, $3::int, $4, $5, $6::bytea)`,
      [randomUUID(), id, position, a.filename, a.contentType, Buffer.from(a.content)],
    );
  }
  await addSendJob(tx, id, maxAttempts);
  return { id };
}

/** Rows per INSERT in {@link enqueueEmails}: big enough to be few statements, small enough for Postgres' parameters. */
const BATCH = 2_000;

/**
 * {@link enqueueEmail} for many messages at once, inside `tx`: a few set-based statements instead of three round
 * trips per message, so notifying hundreds of organisations or thousands of subscribers stays one short transaction.
 * Every message is checked before anything is written; one refused message refuses them all.
 */
export async function enqueueEmails(
  tx: AnyTx,
  messages: readonly TEmailMessage[],
  options: EnqueueEmailOptions = {},
): Promise<{ ids: string[] }> {
  const parsed = messages.map((m) => parseEmailMessage(m));
  const maxAttempts = checkMaxAttempts(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const ids = parsed.map(() => randomUUID());
  for (let start = 0; start < parsed.length; start += BATCH) {
    const chunk = parsed.slice(start, start + BATCH);
    const chunkIds = ids.slice(start, start + BATCH);
    await txQuery(
      tx,
      `INSERT INTO outbox_messages (id, kind, to_address, subject, text_body, html_body, pgp_encrypted, headers)
       SELECT id, 'email', to_address, subject, text_body, html_body, pgp_encrypted, headers::jsonb
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
           AS m(id, to_address, subject, text_body, html_body, pgp_encrypted, headers)`,
      [
        chunkIds,
        chunk.map((m) => m.to),
        chunk.map((m) => m.subject),
        chunk.map((m) => m.text),
        chunk.map((m) => m.html ?? null),
        chunk.map((m) => m.pgpEncrypted ?? null),
        // JSON text per message (jsonb has no array literal the driver writes), cast once in SQL.
        chunk.map(headersJson),
      ],
    );
    const attachments = chunk.flatMap((m, i) =>
      (m.attachments ?? []).map((a, position) => ({ messageId: chunkIds[i] as string, position, a })),
    );
    for (let at = 0; at < attachments.length; at += BATCH) {
      const rows = attachments.slice(at, at + BATCH);
      await txQuery(
        tx,
        `INSERT INTO outbox_attachments (id, outbox_message_id, position, file_name, content_type, content)
         SELECT gen_random_uuid(), message_id, position, file_name, content_type, content
           FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::bytea[])
             AS a(message_id, position, file_name, content_type, content)`,
        [
          rows.map((r) => r.messageId),
          rows.map((r) => r.position),
          rows.map((r) => r.a.filename),
          rows.map((r) => r.a.contentType),
          rows.map((r) => Buffer.from(r.a.content)),
        ],
      );
    }
    await txQuery(
      tx,
      `SELECT count(*) FROM graphile_worker.add_jobs(ARRAY(
         SELECT ROW($1::text, json_build_object('outboxId', id::text), NULL, NULL, $2::int, 'outbox:' || id::text,
                    NULL, NULL)::graphile_worker.job_spec
           FROM unnest($3::uuid[]) AS id))`,
      [SEND_EMAIL_TASK, maxAttempts, chunkIds],
    );
  }
  return { ids };
}

/**
 * Gives a FAILED message another full round of attempts (e.g. after fixing the SMTP settings).
 * Returns false when there is no FAILED message with that id.
 */
export async function requeueEmail(
  tx: DbTx,
  outboxId: string,
  options: EnqueueEmailOptions = {},
): Promise<boolean> {
  const maxAttempts = checkMaxAttempts(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const { count } = await tx.outboxMessage.updateMany({
    where: { id: outboxId, status: "FAILED" },
    data: { status: "PENDING" },
  });
  if (count === 0) return false;
  await addSendJob(tx, outboxId, maxAttempts);
  return true;
}
