import { hasControlCharacters } from "@disclose/domain";
import { z } from "zod";
import { ANNOUNCEMENT_LIMITS } from "./limits";

/**
 * An address typed into the subscribe form: one plain address (no display name, no list, no line break), stored
 * lowercased so that one mailbox is one subscriber whatever its spelling.
 */
export const ZSubscriberEmail = z
  .string("Enter your email address.")
  .max(
    ANNOUNCEMENT_LIMITS.email * 4,
    `Enter an email address of at most ${ANNOUNCEMENT_LIMITS.email} characters.`,
  )
  .trim()
  .min(1, "Enter your email address.")
  .max(
    ANNOUNCEMENT_LIMITS.email,
    `Enter an email address of at most ${ANNOUNCEMENT_LIMITS.email} characters.`,
  )
  .refine((s) => !hasControlCharacters(s), "Enter one email address, on one line.")
  .pipe(z.email("Enter a valid email address, like you@example.org."))
  .transform((s) => s.toLowerCase());

export const ZSubscribeInput = z.object({
  email: ZSubscriberEmail,
  /** Also the forthcoming-fix notices (a fix is coming on a date, without its details). */
  forthcoming: z.boolean().default(false),
});
export type TSubscribeInput = z.input<typeof ZSubscribeInput>;

// Any string up to a bound: a malformed token gets the same answer as a wrong one, not a 400.
export const ZLinkToken = z.string().max(200);
export const ZLinkSubscriberId = z.string().max(100);
