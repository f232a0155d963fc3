/** `bytes` random bytes from the platform's CSPRNG (Web Crypto: Node ≥ 19 and browsers), as base64url. */
export function randomBase64Url(bytes: number): string {
  const buffer = new Uint8Array(bytes);
  globalThis.crypto.getRandomValues(buffer);
  return toBase64Url(buffer);
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** 32 bytes in base64url (no padding): exactly 43 characters of [A-Za-z0-9_-]. */
export const BASE64URL_32_BYTES = /^[A-Za-z0-9_-]{43}$/;
