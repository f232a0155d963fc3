// Real GnuPG 2.2 in a throwaway home, to prove stored ciphertext decrypts with a PST member's private key.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface GnuPG {
  decrypt(ciphertext: string | Uint8Array): Promise<Buffer>;
  showKeys(armored: string): Promise<string>;
  close(): Promise<void>;
}

export async function startGnuPG(
  privateKeys: { lockedPrivateKey: string; passphrase: string }[],
): Promise<GnuPG> {
  const home = await mkdtemp(join(tmpdir(), "disclose-api-gnupg-"));
  let n = 0;
  const gpg = async (args: string[], file?: string) =>
    (
      await run(
        "gpg",
        ["--homedir", home, "--batch", "--no-tty", "--quiet", ...args, ...(file ? [file] : [])],
        {
          encoding: "buffer",
          maxBuffer: 64 * 1024 * 1024,
        },
      )
    ).stdout;
  const toFile = async (data: string | Uint8Array) => {
    const file = join(home, `in-${n++}`);
    await writeFile(file, data);
    return file;
  };
  for (const key of privateKeys) {
    await gpg(
      ["--pinentry-mode", "loopback", "--passphrase", key.passphrase, "--import"],
      await toFile(key.lockedPrivateKey),
    );
  }
  const passphrase = privateKeys[0]?.passphrase ?? "";
  return {
    decrypt: async (ciphertext) =>
      gpg(["--pinentry-mode", "loopback", "--passphrase", passphrase, "--decrypt"], await toFile(ciphertext)),
    showKeys: async (armored) =>
      (await gpg(["--with-colons", "--show-keys"], await toFile(armored))).toString(),
    close: async () => {
      await run("gpgconf", ["--homedir", home, "--kill", "all"]).catch(() => {});
      await rm(home, { recursive: true, force: true });
    },
  };
}
