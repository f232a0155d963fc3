import type { TRateLimitRule } from "../rate-limits/consume-rate-limit";

/** The subscribe form's limits: per client address, per address typed in (no mailbox flooded through us), all. */
export const SUBSCRIBE_RATE_LIMITS = {
  perClient: [
    { name: "announce-subscribe:client:hour", points: 10, windowMs: 3_600_000 },
    { name: "announce-subscribe:client:day", points: 30, windowMs: 86_400_000 },
  ],
  perEmail: [{ name: "announce-subscribe:email:day", points: 3, windowMs: 86_400_000 }],
  all: [{ name: "announce-subscribe:all:hour", points: 500, windowMs: 3_600_000 }],
  /** Confirm and unsubscribe per client address (tokens cannot be guessed; this only caps load). */
  linkPerClient: [{ name: "announce-link:client:minute", points: 60, windowMs: 60_000 }],
  /**
   * One-click unsubscribes per client address: generous, since a mail provider posts for all its users from a few
   * addresses, and after an announcement to thousands many may leave at once (RFC 8058 asks no retry of them).
   */
  oneClickPerClient: [{ name: "announce-one-click:client:minute", points: 2_000, windowMs: 60_000 }],
} as const satisfies Record<string, readonly TRateLimitRule[]>;

export const ANNOUNCEMENT_LIMITS = {
  /** The database's announcement_subscribers_email_check and the outbox's bound. */
  email: 254,
  /** How long a confirmation link works. */
  confirmValidDays: 7,
  /** Unsubscribed addresses, and pending ones never confirmed, are erased this many days later. */
  eraseAfterDays: 30,
  /** A notice's text (the forthcoming fix), in characters. */
  notice: 5_000,
  /** Recent announcements on the PST's overview. */
  recent: 20,
} as const;

export const SUBSCRIBER_STATUSES = ["pending", "confirmed", "unsubscribed"] as const;
export type TSubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];
