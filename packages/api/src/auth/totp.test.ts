import { describe, expect, it } from "vitest";
import { decryptTotpSecret, encryptTotpSecret, newTotpSecret, openTotpSecret } from "./totp";

const OLD = "old-auth-secret-".padEnd(44, "o");
const NEW = "new-auth-secret-".padEnd(44, "n");
const OTHER = "unrelated-secret-".padEnd(44, "x");
const { secretBase32 } = newTotpSecret("someone@example.test", "Disclose");

/** `stored` with one byte of its base64url payload changed at `index` (counted from the end when negative). */
function flipByte(stored: string, index: number): string {
  const raw = Buffer.from(stored.slice(3), "base64url");
  const at = index < 0 ? raw.length + index : index;
  raw[at] = (raw[at] ?? 0) ^ 0x01;
  return `v1.${raw.toString("base64url")}`;
}

describe("TOTP secrets under AUTH_SECRET", () => {
  it("round-trips, with a fresh IV each time", () => {
    const a = encryptTotpSecret(secretBase32, NEW);
    const b = encryptTotpSecret(secretBase32, NEW);
    expect(a).not.toBe(b);
    expect(a).not.toContain(secretBase32);
    expect(decryptTotpSecret(a, NEW)).toBe(secretBase32);
  });

  it("opens with the current secret, else the previous one, and says which", () => {
    const underNew = encryptTotpSecret(secretBase32, NEW);
    const underOld = encryptTotpSecret(secretBase32, OLD);
    expect(openTotpSecret(underNew, { current: NEW, previous: OLD })).toEqual({
      secretBase32,
      under: "current",
    });
    expect(openTotpSecret(underOld, { current: NEW, previous: OLD })).toEqual({
      secretBase32,
      under: "previous",
    });
    expect(openTotpSecret(underNew, { current: NEW, previous: null })).toEqual({
      secretBase32,
      under: "current",
    });
  });

  it("fails cleanly with a wrong key: an error from decrypt, null from open", () => {
    const underOld = encryptTotpSecret(secretBase32, OLD);
    expect(() => decryptTotpSecret(underOld, NEW)).toThrow();
    expect(openTotpSecret(underOld, { current: NEW, previous: null })).toBeNull();
    expect(openTotpSecret(underOld, { current: NEW, previous: OTHER })).toBeNull();
  });

  it.each([
    ["a flipped ciphertext byte", (s: string) => flipByte(s, -1)],
    ["a flipped tag byte", (s: string) => flipByte(s, 12)],
    ["a flipped IV byte", (s: string) => flipByte(s, 0)],
    [
      "a tag truncated to 4 bytes",
      (s: string) => `v1.${Buffer.from(s.slice(3), "base64url").subarray(0, 16).toString("base64url")}`,
    ],
    ["an empty payload", () => "v1."],
    ["an unknown version", (s: string) => `v2.${s.slice(3)}`],
    ["garbage", () => "not a stored secret at all"],
    ["the plain secret", () => secretBase32],
  ])("refuses %s with either key", (_label, tamper) => {
    const stored = tamper(encryptTotpSecret(secretBase32, OLD));
    expect(() => decryptTotpSecret(stored, OLD)).toThrow();
    expect(openTotpSecret(stored, { current: NEW, previous: OLD })).toBeNull();
  });
});
