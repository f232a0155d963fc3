import type { TIncomingMail, TIntakePolicy } from "./mail-headers";

/** A reporter's plain mail to the security address, as a well-behaved client sends it; tests change one thing. */
export function incomingMail(overrides: Partial<TIncomingMail> = {}): TIncomingMail {
  return {
    from: "alice@example.com",
    returnPath: "<alice@example.com>",
    autoSubmitted: null,
    precedence: null,
    listId: null,
    listUnsubscribe: false,
    contentType: 'multipart/mixed; boundary="b1"',
    xAutoResponseSuppress: null,
    xLoop: [],
    inReplyTo: null,
    references: [],
    to: ["security@example.org"],
    cc: [],
    deliveredTo: ["disclose-intake@example.org"],
    sizeBytes: 24_000,
    subject: "Heap overflow in the parser",
    ...overrides,
  };
}

export const POLICY: TIntakePolicy = {
  staffAddresses: new Set(["kate@example.org", "Bob.Maintainer@Example.net"]),
  teamListId: "security.example.org",
  ownAddresses: new Set(["security@example.org", "disclose-bounces@example.org"]),
};
