import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { base64ToBytes, bytesToBase64, encryptedDownloadHref, formatSize } from "./patch-files";

describe("the upload's base64", () => {
  it("matches Node's for sizes around the slice length, and reads back byte for byte", () => {
    for (const size of [0, 1, 2, 3, 0x7fff, 0x8000, 0x8001, 3 * 0x8000 + 5, 1024 * 1024]) {
      const bytes = new Uint8Array(randomBytes(size));
      const text = bytesToBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString("base64"));
      expect(Buffer.from(base64ToBytes(text)).equals(Buffer.from(bytes))).toBe(true);
    }
  });
});

describe("links and sizes", () => {
  it("keeps the download link to this path and this case, whatever an id holds", () => {
    expect(encryptedDownloadHref("r/../x", "v?case=other#")).toBe(
      "/api/patches/v%3Fcase%3Dother%23?case=r%2F..%2Fx",
    );
  });

  it("says sizes in words", () => {
    expect([formatSize(10), formatSize(2048), formatSize(10 * 1024 * 1024)]).toEqual([
      "10 bytes",
      "2.0 KB",
      "10.0 MB",
    ]);
  });
});
