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
