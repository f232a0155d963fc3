import { describe, expect, it } from "vitest";
import {
  attachmentsWithinLimits,
  bounceReasonText,
  bounceText,
  INTAKE_BOUNCE_SUBJECT,
  MAIL_ATTACHMENT_MAX_BYTES,
  MAIL_ATTACHMENTS_MAX_COUNT,
  MAIL_ATTACHMENTS_MAX_TOTAL_BYTES,
  MAIL_MAX_BYTES,
  MAIL_RATE_LIMITS,
} from "./intake-limits";

const MB = 1024 * 1024;
const MARKER = "MARKER-7f3a-do-not-store";
const file = (size: number, name = `${MARKER}.pdf`) => ({ name, size });

describe("mail intake limits", () => {
  it("lets attachments the web form takes arrive by mail, base64 and all", () => {
    // Base64: 4 bytes per 3, plus a line break every 76 characters; 64 KB of headers and text on top.
    const wire = Math.ceil(MAIL_ATTACHMENTS_MAX_TOTAL_BYTES / 3) * 4 * (78 / 76) + 64 * 1024;
    expect(wire).toBeLessThan(MAIL_MAX_BYTES);
    expect(MAIL_ATTACHMENT_MAX_BYTES).toBeLessThanOrEqual(MAIL_ATTACHMENTS_MAX_TOTAL_BYTES);
  });

  it("names every rate-limit counter once, in the api's rule shape", () => {
    const rules = Object.values(MAIL_RATE_LIMITS).flat();
    expect(new Set(rules.map((r) => r.name)).size).toBe(rules.length);
    for (const rule of rules) {
      expect(Number.isInteger(rule.points) && rule.points > 0).toBe(true);
      expect(Number.isInteger(rule.windowMs) && rule.windowMs > 0).toBe(true);
    }
    // The benchmark's 1,000 waiting messages fit in one window of the overall limit.
    expect(MAIL_RATE_LIMITS.all[0].points).toBeGreaterThanOrEqual(1_000);
  });
});

describe("attachmentsWithinLimits", () => {
  it("accepts none, and up to every limit", () => {
    expect(attachmentsWithinLimits([])).toEqual({ ok: true });
    expect(attachmentsWithinLimits([file(MAIL_ATTACHMENT_MAX_BYTES)])).toEqual({ ok: true });
    expect(attachmentsWithinLimits([file(0, "")])).toEqual({ ok: true });
    const many = Array.from({ length: MAIL_ATTACHMENTS_MAX_COUNT }, () => file(1024));
    expect(attachmentsWithinLimits(many)).toEqual({ ok: true });
    expect(attachmentsWithinLimits([file(10 * MB), file(15 * MB)])).toEqual({ ok: true });
  });

  it("names the first too large file by position, never by name", () => {
    const result = attachmentsWithinLimits([file(MB), file(MB), file(30 * MB), file(40 * MB)]);
    expect(result).toEqual({
      ok: false,
      reason: { kind: "attachment-too-large", position: 3, sizeBytes: 30 * MB, limitBytes: 25 * MB },
      message: "The third attachment is 30 MB; each attachment may be at most 25 MB.",
    });
  });

  it("then counts the files", () => {
    const many = Array.from({ length: MAIL_ATTACHMENTS_MAX_COUNT + 1 }, () => file(10));
    const result = attachmentsWithinLimits(many);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toEqual({ kind: "too-many-attachments", count: 21, limit: 20 });
      expect(result.message).toBe("The message has 21 attachments; a message may have at most 20.");
    }
  });

  it("then adds them up", () => {
    const result = attachmentsWithinLimits([file(20 * MB), file(5 * MB + 1)]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toEqual({
        kind: "attachments-too-large",
        sizeBytes: 25 * MB + 1,
        limitBytes: 25 * MB,
      });
      // Just over the limit never reads as equal to it.
      expect(result.message).toBe(
        "The attachments are more than 25 MB together; all attachments of a message may be at most 25 MB together.",
      );
    }
  });

  it("refuses a size that is no size", () => {
    for (const size of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => attachmentsWithinLimits([file(size)])).toThrow(RangeError);
    }
  });
});

describe("bounceText", () => {
  it("says which limit and what to do, in plain text", () => {
    expect(
      bounceText({ kind: "too-large", sizeBytes: 52 * MB + 300 * 1024, limitBytes: MAIL_MAX_BYTES }),
    ).toBe(
      [
        "Your message to the security team was not received as a report.",
        "",
        "The message is 52.2 MB; a message may be at most 40 MB, attachments included.",
        "",
        "Please send it again within these limits:",
        "- a message of at most 40 MB, attachments included;",
        "- at most 20 attachments, each at most 25 MB and all together at most 25 MB.",
        "",
        "Leave out or shrink the largest files. If a file cannot be made smaller, describe it in your message and the team will tell you how to send it.",
        "",
        "This is an automatic message.",
        "",
      ].join("\n"),
    );
  });

  it("repeats nothing of the original", () => {
    const check = attachmentsWithinLimits([file(MB, `${MARKER}-1.txt`), file(26 * MB, `${MARKER}-2.bin`)]);
    expect(check.ok).toBe(false);
    if (!check.ok) {
      const text = bounceText(check.reason);
      expect(text).toContain("The second attachment is 26 MB");
      expect(text).not.toContain(MARKER);
    }
    expect(INTAKE_BOUNCE_SUBJECT).not.toMatch(/\{|\$/);
  });

  it("never shows a size over the limit as the limit", () => {
    expect(
      bounceReasonText({ kind: "too-large", sizeBytes: MAIL_MAX_BYTES + 1, limitBytes: MAIL_MAX_BYTES }),
    ).toBe("The message is more than 40 MB; a message may be at most 40 MB, attachments included.");
    expect(
      bounceReasonText({
        kind: "attachment-too-large",
        position: 12,
        sizeBytes: 30 * MB,
        limitBytes: 25 * MB,
      }),
    ).toBe("The 12th attachment is 30 MB; each attachment may be at most 25 MB.");
    const nth = (position: number) =>
      bounceReasonText({ kind: "attachment-too-large", position, sizeBytes: 30 * MB, limitBytes: 25 * MB });
    expect([21, 22, 23, 111, 1_002].map((n) => nth(n).split(" ")[1])).toEqual([
      "21st",
      "22nd",
      "23rd",
      "111th",
      "1,002nd",
    ]);
  });
});
