import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * Decrypts an OpenPGP message with real GnuPG (2.2 on these machines), the way a PST member's own tooling
 * would: proves that what the portal stores is standard OpenPGP, not something only OpenPGP.js reads.
 */
export function gpgDecrypt(options: {
  message: string | Uint8Array;
  privateKey: string;
  passphrase: string;
}): Buffer {
  const home = mkdtempSync(path.join(tmpdir(), "disclose-gnupg-"));
  const gpg = (args: string[], input?: string | Uint8Array) =>
    execFileSync("gpg", ["--homedir", home, "--batch", "--yes", "--pinentry-mode", "loopback", ...args], {
      input,
      stdio: ["pipe", "pipe", "pipe"],
    });
  try {
    const keyFile = path.join(home, "key.asc");
    writeFileSync(keyFile, options.privateKey);
    gpg(["--passphrase", options.passphrase, "--import", keyFile]);
    return gpg(["--passphrase", options.passphrase, "--decrypt"], options.message);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** A team key as an organisation makes it with GnuPG: ed25519 signing, cv25519 encryption, no passphrase. */
export function gpgTeamKey(email: string): { publicKey: string; privateKey: string } {
  const home = mkdtempSync(path.join(tmpdir(), "disclose-gnupg-"));
  const gpg = (args: string[]) =>
    execFileSync("gpg", ["--homedir", home, "--batch", "--yes", "--passphrase", "", ...args], {
      stdio: ["pipe", "pipe", "pipe"],
    });
  try {
    gpg(["--quick-gen-key", `Security team <${email}>`, "ed25519", "cert,sign", "never"]);
    const fingerprint = gpg(["--list-keys", "--with-colons", email])
      .toString()
      .split("\n")
      .find((line) => line.startsWith("fpr:"))
      ?.split(":")[9];
    if (!fingerprint) throw new Error("gpg made no key");
    gpg(["--quick-add-key", fingerprint, "cv25519", "encr", "never"]);
    return {
      publicKey: gpg(["--armor", "--export", email]).toString(),
      privateKey: gpg(["--pinentry-mode", "loopback", "--armor", "--export-secret-keys", email]).toString(),
    };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** `gpg --verify` of a detached signature over `data` with `publicKey` imported; throws when it does not verify. */
export function gpgVerify(options: {
  publicKey: string;
  data: string | Uint8Array;
  signature: string;
}): string {
  const home = mkdtempSync(path.join(tmpdir(), "disclose-gnupg-"));
  try {
    writeFileSync(path.join(home, "key.asc"), options.publicKey);
    writeFileSync(path.join(home, "data"), options.data);
    writeFileSync(path.join(home, "data.asc"), options.signature);
    const gpg = (args: string[]) =>
      execFileSync("gpg", ["--homedir", home, "--batch", "--yes", ...args], {
        stdio: ["pipe", "pipe", "pipe"],
      });
    gpg(["--import", path.join(home, "key.asc")]);
    return gpg([
      "--status-fd",
      "1",
      "--verify",
      path.join(home, "data.asc"),
      path.join(home, "data"),
    ]).toString();
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
