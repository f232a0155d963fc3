// Real GnuPG 2.2 in a throwaway home, for the tests: what we sign must verify with the tool people use.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface TGnuPG {
  home: string;
  importKey(armored: string): Promise<void>;
  /** `gpg --verify sig data`: the status lines on success; throws (with gpg's output) when it fails. */
  verify(signature: string, data: string | Uint8Array): Promise<string>;
  close(): Promise<void>;
}

export async function startGnuPG(): Promise<TGnuPG> {
  const home = await mkdtemp(join(tmpdir(), "disclose-advisories-gnupg-"));
  let n = 0;
  const gpg = async (args: string[]) =>
    (
      await run("gpg", ["--homedir", home, "--batch", "--no-tty", "--status-fd", "1", ...args], {
        encoding: "utf8",
        maxBuffer: 16 * 1024 * 1024,
      })
    ).stdout;
  return {
    home,
    async importKey(armored) {
      const file = join(home, `key-${n++}.asc`);
      await writeFile(file, armored);
      await gpg(["--import", file]);
    },
    async verify(signature, data) {
      const base = join(home, `doc-${n++}`);
      await writeFile(`${base}.asc`, signature);
      await writeFile(base, data);
      return gpg(["--verify", `${base}.asc`, base]);
    },
    async close() {
      await run("gpgconf", ["--homedir", home, "--kill", "all"]).catch(() => {});
      await rm(home, { recursive: true, force: true });
    },
  };
}
