import { z } from "zod";

/** Limits keep one bad caller from filling the outbox or an inbox. */
export const EMAIL_LIMITS = {
  address: 254,
  subject: 200,
  text: 200_000,
  html: 500_000,
} as const;

const noLineBreaks = (v: string) => !/[\r\n]/.test(v);

export const ZEmailMessage = z.object({
  // One plain address per message: no display names, no lists, nothing a header could be smuggled through.
  to: z
    .string()
    .trim()
    .max(EMAIL_LIMITS.address, `at most ${EMAIL_LIMITS.address} characters`)
    .pipe(z.email("not a valid email address")),
  subject: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(EMAIL_LIMITS.subject, `at most ${EMAIL_LIMITS.subject} characters`)
    .refine(noLineBreaks, "must be a single line"),
  text: z
    .string()
    .min(1, "must not be empty")
    .max(EMAIL_LIMITS.text, `at most ${EMAIL_LIMITS.text} characters`),
  html: z.string().max(EMAIL_LIMITS.html, `at most ${EMAIL_LIMITS.html} characters`).optional(),
});

export type TEmailMessage = z.infer<typeof ZEmailMessage>;

/** Thrown when a message is refused before it reaches the outbox. `issues` names each bad field. */
export class InvalidEmailError extends Error {
  override readonly name = "InvalidEmailError";
  constructor(readonly issues: { field: string; message: string }[]) {
    super(`Invalid email: ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}`);
  }
}

export function parseEmailMessage(input: unknown): TEmailMessage {
  const result = ZEmailMessage.safeParse(input);
  if (!result.success) {
    throw new InvalidEmailError(
      result.error.issues.map((i) => ({ field: i.path.join(".") || "(message)", message: i.message })),
    );
  }
  return result.data;
}

/**
 * The Message-ID of an outbox message. It depends only on the outbox id, so every retry of the same message
 * carries the same Message-ID and a receiver can recognise a repeat.
 */
export function messageIdFor(outboxId: string, from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1] ?? "disclose.localhost";
  return `<outbox.${outboxId}@${domain}>`;
}
