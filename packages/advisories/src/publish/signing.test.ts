import { unlocksWith } from "@disclose/crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSigningKey, openSigningKey, SigningKeyError, signDetached, type TSigningKey } from "./signing";
import { startGnuPG, type TGnuPG } from "./test-gnupg";

// In the past: GnuPG refuses signatures dated after its own clock.
const KEY_DATE = new Date("2025-06-01T10:00:00Z");
const SIGN_DATE = new Date("2025-06-02T08:30:00Z");
const SECRET = "Zm9vYmFyYmF6cXV4LXRlc3Qtc2lnbmluZy1zZWNyZXQ=";

let gnupg: TGnuPG;
let key: TSigningKey;

beforeAll(async () => {
  gnupg = await startGnuPG();
  key = await createSigningKey({
    name: "Example Project advisories",
    email: "security@example.org",
    secret: SECRET,
    now: KEY_DATE,
  });
  await gnupg.importKey(key.publicKey);
});
afterAll(async () => {
  await gnupg.close();
});

/** The signature packet's R and S MPIs, to find signatures whose values start with a zero byte. */
function mpiBitLengths(armored: string): [number, number] {
  const body = armored.split("\n").filter((line) => /^[A-Za-z0-9+/=]+$/.test(line) && !line.startsWith("="));
  const packet = Buffer.from(body.join(""), "base64");
  let at = 2 + 4; // header (one-byte length), version, type, algorithms
  at += 2 + packet.readUInt16BE(at); // hashed subpackets
  at += 2 + packet.readUInt16BE(at); // unhashed subpackets
  at += 2; // left 16 bits of the hash
  const r = packet.readUInt16BE(at);
  at += 2 + Math.ceil(r / 8);
  return [r, packet.readUInt16BE(at)];
}

describe("project signing key", () => {
  it("is a v4 ed25519 key GnuPG 2.2 lists, created at `now`", async () => {
    expect(key.fingerprint).toMatch(/^[0-9A-F]{40}$/);
    const listing = (await import("node:child_process")).execFileSync(
      "gpg",
      ["--homedir", gnupg.home, "--batch", "--with-colons", "--list-keys", key.fingerprint],
      { encoding: "utf8" },
    );
    const pub = listing
      .split("\n")
      .find((line) => line.startsWith("pub:"))
      ?.split(":");
    expect(pub?.[3]).toBe("22"); // EdDSA
    expect(pub?.[16]).toBe("ed25519");
    expect(pub?.[5]).toBe(String(KEY_DATE.getTime() / 1000));
    expect(listing).toContain("Example Project advisories <security@example.org>");
  });

  it("stores the private half locked, and not under the secret itself", async () => {
    expect(key.lockedPrivateKey).toContain("-----BEGIN PGP PRIVATE KEY BLOCK-----");
    expect(key.lockedPrivateKey).not.toContain(SECRET);
    expect(await unlocksWith({ lockedPrivateKey: key.lockedPrivateKey, passphrase: SECRET })).toBe(false);
    expect(await unlocksWith({ lockedPrivateKey: key.lockedPrivateKey, passphrase: "" })).toBe(false);
  });

  it("makes a detached signature that gpg --verify accepts, and that fails on changed data", async () => {
    const data = '{"document":{"title":"Heap overflow — ünïcödé ✓"}}\n';
    const signature = await signDetached({
      lockedPrivateKey: key.lockedPrivateKey,
      secret: SECRET,
      data,
      now: SIGN_DATE,
    });
    expect(signature).toMatch(
      /^-----BEGIN PGP SIGNATURE-----\n\n[\s\S]+\n=[A-Za-z0-9+/]{4}\n-----END PGP SIGNATURE-----\n$/,
    );
    const status = await gnupg.verify(signature, data);
    expect(status).toContain(`[GNUPG:] VALIDSIG ${key.fingerprint}`);
    expect(status).toMatch(/\[GNUPG:\] GOODSIG [0-9A-F]{16} Example Project advisories/);
    // The signature's date is the `now` given, not the clock's.
    expect(status).toContain(` ${SIGN_DATE.getTime() / 1000} `);
    await expect(gnupg.verify(signature, data.replace("overflow", "0verflow"))).rejects.toThrow(
      /BAD signature/,
    );
  });

  it("signs bytes exactly (binary signature), including an empty file", async () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 131 + 17) % 256);
    const signer = await openSigningKey({ lockedPrivateKey: key.lockedPrivateKey, secret: SECRET });
    expect(signer.fingerprint).toBe(key.fingerprint);
    expect(await gnupg.verify(await signer.sign(bytes, SIGN_DATE), bytes)).toContain("VALIDSIG");
    expect(await gnupg.verify(await signer.sign("", SIGN_DATE), "")).toContain("VALIDSIG");
    // CRLF stays CRLF: a text-mode signature would hide a changed line ending.
    const crlf = await signer.sign("a\r\nb", SIGN_DATE);
    await expect(gnupg.verify(crlf, "a\nb")).rejects.toThrow(/BAD signature/);
  });

  it("encodes R and S with a leading zero byte as GnuPG expects (shortened MPIs)", async () => {
    const signer = await openSigningKey({ lockedPrivateKey: key.lockedPrivateKey, secret: SECRET });
    let shortR: [string, string] | null = null;
    let shortS: [string, string] | null = null;
    // Ed25519 is deterministic; about one message in 256 gives each case.
    for (let i = 0; i < 5000 && !(shortR && shortS); i++) {
      const data = `message ${i}`;
      const signature = await signer.sign(data, SIGN_DATE);
      const [r, s] = mpiBitLengths(signature);
      if (r <= 248 && !shortR) shortR = [signature, data];
      if (s <= 248 && !shortS) shortS = [signature, data];
    }
    expect(shortR).not.toBeNull();
    expect(shortS).not.toBeNull();
    for (const [signature, data] of [shortR, shortS] as [string, string][]) {
      expect(await gnupg.verify(signature, data)).toContain("VALIDSIG");
    }
  });

  it("refuses a wrong secret with a clear error", async () => {
    const wrong = `${SECRET.slice(0, -2)}x=`;
    const attempt = signDetached({
      lockedPrivateKey: key.lockedPrivateKey,
      secret: wrong,
      data: "x",
      now: SIGN_DATE,
    });
    await expect(attempt).rejects.toBeInstanceOf(SigningKeyError);
    await expect(attempt).rejects.toThrow(/signing secret does not unlock the signing key/);
  });

  it("refuses a short secret, a damaged key, and a date before the key existed", async () => {
    await expect(createSigningKey({ name: "x", secret: "short", now: KEY_DATE })).rejects.toThrow(
      /at least 32 characters/,
    );
    await expect(
      signDetached({ lockedPrivateKey: "not a key", secret: SECRET, data: "x", now: SIGN_DATE }),
    ).rejects.toThrow(/not an armored OpenPGP private key/);
    await expect(
      signDetached({ lockedPrivateKey: key.publicKey, secret: SECRET, data: "x", now: SIGN_DATE }),
    ).rejects.toBeInstanceOf(SigningKeyError);
    await expect(
      signDetached({
        lockedPrivateKey: key.lockedPrivateKey,
        secret: SECRET,
        data: "x",
        now: new Date(KEY_DATE.getTime() - 1000),
      }),
    ).rejects.toThrow(/before the key was made/);
  });

  it("refuses to sign with an expired key", async () => {
    const expiring = await createSigningKey({
      name: "Old",
      secret: SECRET,
      now: KEY_DATE,
      expiresInSeconds: 3600,
    });
    const signer = await openSigningKey({ lockedPrivateKey: expiring.lockedPrivateKey, secret: SECRET });
    await expect(signer.sign("x", new Date(KEY_DATE.getTime() + 7200_000))).rejects.toThrow(
      /expired on 2025-06-01/,
    );
    expect(await signer.sign("x", new Date(KEY_DATE.getTime() + 60_000))).toContain("BEGIN PGP SIGNATURE");
  });
});
