import { describe, expect, it } from "vitest";
import { parseAuditHeadRef, shouldAlertAuditBreak } from "./verification";

const HASH = "ab".repeat(32);

describe("a head hash a person kept", () => {
  it.each([
    [`12:${HASH}`, { seq: 12n, hash: HASH }],
    [`#12 ${HASH}`, { seq: 12n, hash: HASH }],
    [`  12:${HASH.toUpperCase()}  `, { seq: 12n, hash: HASH }],
    [HASH, { hash: HASH }],
    [`9223372036854775807:${HASH}`, { seq: 9223372036854775807n, hash: HASH }],
  ])("reads %s", (text, head) => {
    expect(parseAuditHeadRef(text)).toEqual({ ok: true, head });
  });

  it.each([
    ["", /Give the head/],
    ["   ", /Give the head/],
    ["abc", /not a head hash/],
    [HASH.slice(1), /not a head hash/],
    [`${HASH}0`, /not a head hash/],
    [`${"g".repeat(64)}`, /not a head hash/],
    [`0:${HASH}`, /not an event number/],
    [`-1:${HASH}`, /not an event number/],
    [`01:${HASH}`, /not an event number/],
    [`1.5:${HASH}`, /not an event number/],
    [`9223372036854775808:${HASH}`, /not an event number/],
    [`12:${HASH}:1`, /not a head hash/],
    [`12:`, /not a head hash/],
    [`:${HASH}`, /not a head hash/],
    [`12 13 ${HASH}`, /not a head hash/],
    [`${"9".repeat(200)}:${HASH}`, /\.\.\."/],
    ["'; DROP TABLE audit_events; --", /not a head hash/],
  ])("refuses %j", (text, message) => {
    const parsed = parseAuditHeadRef(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });

  it("reads the command the daily digest prints", () => {
    expect(parseAuditHeadRef(`42:${HASH}`)).toEqual({ ok: true, head: { seq: 42n, hash: HASH } });
  });
});

describe("when a broken chain is emailed", () => {
  const broken = { ok: false, failedSeq: 3n, reason: "changed" } as const;
  const alerted = new Date("2026-12-01T00:00:00Z");

  it("never for an intact chain", () => {
    expect(shouldAlertAuditBreak({ ok: true, failedSeq: null, reason: null }, null)).toBe(false);
  });
  it("for the first break, and for a break after the chain was whole again", () => {
    expect(shouldAlertAuditBreak(broken, null)).toBe(true);
    expect(shouldAlertAuditBreak(broken, { ok: true, failedSeq: null, reason: null, alertedAt: null })).toBe(
      true,
    );
  });
  it("not again for the same break", () => {
    expect(shouldAlertAuditBreak(broken, { ...broken, alertedAt: alerted })).toBe(false);
  });
  it("again for another break: another event or another reason", () => {
    expect(shouldAlertAuditBreak(broken, { ...broken, failedSeq: 4n, alertedAt: alerted })).toBe(true);
    expect(shouldAlertAuditBreak(broken, { ...broken, reason: "deleted", alertedAt: alerted })).toBe(true);
  });
  it("for a break whose earlier twin was never emailed", () => {
    expect(shouldAlertAuditBreak(broken, { ...broken, alertedAt: null })).toBe(true);
  });
});
