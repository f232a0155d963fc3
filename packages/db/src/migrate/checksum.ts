import { createHash } from "node:crypto";

/** Prisma's migration checksum: sha256 of the script as written, in lowercase hex. */
export function migrationChecksum(script: string): string {
  return createHash("sha256").update(script, "utf8").digest("hex");
}

// Prisma's own rules (schema-engine checksum.rs): accept the script as is or with its line endings switched
// (git may have converted them), and the non-zero-padded hex that old engine versions wrote.
export function scriptMatchesChecksum(script: string, checksum: string): boolean {
  const variants = [script, script.replaceAll("\r\n", "\n"), script.replace(/\r?\n/g, "\r\n")];
  return variants.some((variant) => {
    const hex = migrationChecksum(variant);
    if (checksum.length === 64) return hex === checksum;
    return unpadded(hex) === checksum;
  });
}

function unpadded(hex: string): string {
  return (hex.match(/../g) ?? []).map((byte) => Number.parseInt(byte, 16).toString(16)).join("");
}
