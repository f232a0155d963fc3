import { describe, expect, it } from "vitest";
import { migrationChecksum, scriptMatchesChecksum } from "./checksum";

describe("migration checksums", () => {
  const script = 'CREATE TABLE "a" (\n    "id" TEXT NOT NULL\n);\n';

  it("is the sha256 hex of the script", () => {
    expect(migrationChecksum("")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(migrationChecksum(script)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("matches across line-ending conversions, like Prisma", () => {
    const crlf = script.replaceAll("\n", "\r\n");
    expect(scriptMatchesChecksum(crlf, migrationChecksum(script))).toBe(true);
    expect(scriptMatchesChecksum(script, migrationChecksum(crlf))).toBe(true);
  });

  it("rejects a changed script", () => {
    expect(scriptMatchesChecksum(`${script}-- changed\n`, migrationChecksum(script))).toBe(false);
  });

  it("accepts the unpadded hex of old Prisma versions", () => {
    // A script whose checksum has a byte below 0x10, so the old format differs.
    const oldScript = Array.from({ length: 100 }, (_, i) => `SELECT ${i};`).find((s) =>
      /^(..)*0/.test(migrationChecksum(s)),
    )!;
    const old = (migrationChecksum(oldScript).match(/../g) ?? [])
      .map((byte) => Number.parseInt(byte, 16).toString(16))
      .join("");
    expect(old.length).toBeLessThan(64);
    expect(scriptMatchesChecksum(oldScript, old)).toBe(true);
  });
});
