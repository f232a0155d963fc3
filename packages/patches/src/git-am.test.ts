// The workspace's promise (issue 12): a patch downloaded from it decrypts with `gpg` and applies with `git am`.
// Proved end to end with a real repository, OpenPGP.js in place of the browser, and GnuPG 2.2.
import { execFile } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { generateLockedKey, type TLockedKeyPair, unlockPrivateKey } from "@disclose/crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptPatch, encryptPatch } from "./encrypt";

const run = promisify(execFile);
const PASSPHRASE = "patch test passphrase";
let dir: string;
let home: string;
let team: TLockedKeyPair;

// No user or system git configuration: the test sees the same git everywhere.
const gitEnv = () => ({
  ...process.env,
  HOME: dir,
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_COMMITTER_NAME: "Release Bot",
  GIT_COMMITTER_EMAIL: "bot@example.test",
});

async function git(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { stdout } = await run("git", ["-c", "init.defaultBranch=main", ...args], {
    cwd,
    env: { ...gitEnv(), ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout.trim();
}

async function commitAs(cwd: string, name: string, email: string, message: string): Promise<string> {
  await git(cwd, ["add", "-A"]);
  await git(cwd, ["commit", "-q", "-m", message], {
    GIT_AUTHOR_NAME: name,
    GIT_AUTHOR_EMAIL: email,
    GIT_AUTHOR_DATE: "2026-11-30T14:05:00+01:00",
  });
  return git(cwd, ["rev-parse", "HEAD"]);
}

const GPG = () => ["--homedir", home, "--batch", "--no-tty", "--quiet", "--pinentry-mode", "loopback"];

async function gpgDecrypt(ciphertext: Uint8Array): Promise<Buffer> {
  const file = join(home, `patch-${Math.random().toString(36).slice(2)}.gpg`);
  await writeFile(file, ciphertext);
  const { stdout } = await run("gpg", [...GPG(), "--passphrase", PASSPHRASE, "--decrypt", file], {
    encoding: "buffer",
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** A clean clone at `base`, `git am` of the decrypted file, and the tree it ends with. */
async function applyToClone(origin: string, base: string, patchFile: string, name: string): Promise<string> {
  const clone = join(dir, name);
  await git(dir, ["clone", "-q", origin, clone]);
  await git(clone, ["checkout", "-q", "-B", "fix", base]);
  await git(clone, ["am", "-q", patchFile]);
  return git(clone, ["rev-parse", "HEAD^{tree}"]);
}

let origin: string;
let base: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "disclose-patches-"));
  home = join(dir, "gnupg");
  await mkdir(home, { mode: 0o700 });
  team = await generateLockedKey({ name: "PST One", email: "pst@example.test", passphrase: PASSPHRASE });
  const keyFile = join(dir, "team.key");
  await writeFile(keyFile, team.lockedPrivateKey);
  await run("gpg", [...GPG(), "--passphrase", PASSPHRASE, "--import", keyFile]);

  origin = join(dir, "origin");
  await mkdir(join(origin, "src"), { recursive: true });
  await git(dir, ["init", "-q", origin]);
  await writeFile(
    join(origin, "src/parse.c"),
    "int parse(const char *in)\n{\n  len = hdr->len;\n  return len;\n}\n",
  );
  await writeFile(join(origin, "src/old-name.c"), "/* helper */\nint helper(void) { return 1; }\n");
  await writeFile(join(origin, "obsolete.txt"), "remove me\n");
  await writeFile(join(origin, "run.sh"), "#!/bin/sh\necho run\n");
  await writeFile(join(origin, "README"), "Project\n");
  base = await commitAs(origin, "Base Author", "base@example.test", "Initial import");
});

afterAll(async () => {
  await run("gpgconf", ["--homedir", home, "--kill", "all"]).catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

describe("a workspace patch: git format-patch → encryptPatch → gpg → git am", () => {
  it("one commit: the decrypted file is byte for byte the upload, and git am rebuilds the same tree", async () => {
    await git(origin, ["checkout", "-q", "-B", "one", base]);
    await writeFile(
      join(origin, "src/parse.c"),
      "int parse(const char *in)\n{\n  if (hdr->len > MAX) return -1;\n  len = hdr->len;\n  return len;\n}\n",
    );
    await git(origin, ["mv", "src/old-name.c", "src/helper.c"]);
    await writeFile(join(origin, "src/helper.c"), "/* helper, renamed */\nint helper(void) { return 1; }\n");
    await unlink(join(origin, "obsolete.txt"));
    await chmod(join(origin, "run.sh"), 0o755);
    await mkdir(join(origin, "tests"));
    await writeFile(join(origin, "tests/poc.bin"), new Uint8Array([0, 1, 2, 255, 254, 0, 7]));
    await writeFile(join(origin, "NOTICE"), "Überprüft ✓ — no newline at the end");
    const commit = await commitAs(
      origin,
      "Jürgen Müller",
      "jurgen@example.test",
      "Bound the header length before use\n\nThe parser trusted hdr->len; a crafted header overflowed the buffer.",
    );
    const tree = await git(origin, ["rev-parse", "HEAD^{tree}"]);
    // As the Fix Team would: one file per commit in a folder; git prints the file's path.
    const patchPath = await git(origin, ["format-patch", "-1", "-o", join(dir, "out-one")]);
    const upload = new Uint8Array(await readFile(patchPath));

    const encrypted = await encryptPatch({ patch: upload, recipientKeys: [team.publicKey] });
    expect(encrypted.ok).toBe(true);
    if (!encrypted.ok) return;
    expect(encrypted.commits).toEqual([commit]);
    const [patch] = encrypted.patches;
    expect(patch).toMatchObject({
      commit,
      author: { name: "Jürgen Müller", email: "jurgen@example.test" },
      date: "2026-11-30T13:05:00.000Z",
      subject: "Bound the header length before use",
      body: "The parser trusted hdr->len; a crafted header overflowed the buffer.",
    });
    const byPath = Object.fromEntries(patch!.files.map((f) => [f.newPath ?? f.oldPath, f]));
    expect(byPath["src/parse.c"]).toMatchObject({ status: "modified", additions: 1, deletions: 0 });
    expect(byPath["src/helper.c"]).toMatchObject({ status: "renamed", oldPath: "src/old-name.c" });
    expect(byPath["obsolete.txt"]).toMatchObject({ status: "deleted", newPath: null, deletions: 1 });
    expect(byPath["run.sh"]).toMatchObject({ oldMode: "100644", newMode: "100755", hunks: [] });
    expect(byPath["tests/poc.bin"]).toMatchObject({ status: "added", binary: true });
    expect(byPath.NOTICE?.hunks[0]?.lines.at(-1)?.kind).toBe("no-newline");
    // The ciphertext holds none of the secret text.
    expect(Buffer.from(encrypted.ciphertext).includes("hdr->len")).toBe(false);

    const decrypted = await gpgDecrypt(encrypted.ciphertext);
    expect(decrypted.equals(Buffer.from(upload))).toBe(true);
    const downloaded = join(dir, "downloaded-one.patch");
    await writeFile(downloaded, decrypted);
    expect(await applyToClone(origin, base, downloaded, "clone-one")).toBe(tree);

    // The reader's browser (OpenPGP.js) opens the same message for the diff view.
    const opened = await decryptPatch(encrypted.ciphertext, [
      await unlockPrivateKey(team.lockedPrivateKey, PASSPHRASE),
    ]);
    expect(Buffer.from(opened.bytes).equals(Buffer.from(upload))).toBe(true);
    expect(opened.parsed.ok && opened.parsed.patches[0]?.commit).toBe(commit);
  });

  it("a series of two commits in one mbox file (--stdout): both parsed in order, git am applies both", async () => {
    await git(origin, ["checkout", "-q", "-B", "series", base]);
    await writeFile(
      join(origin, "src/parse.c"),
      "int parse(const char *in)\n{\n  len = hdr->len & 0xff;\n  return len;\n}\n",
    );
    const first = await commitAs(origin, "Ada Lovelace", "ada@example.test", "Mask the length");
    await writeFile(join(origin, "src/limits.h"), "#define MAX 255\n");
    await writeFile(join(origin, "README"), "Project\n\nSee src/limits.h.\n");
    const second = await commitAs(
      origin,
      "Grace Hopper",
      "grace@example.test",
      "Add the length limit\n\nSecond part.",
    );
    const tree = await git(origin, ["rev-parse", "HEAD^{tree}"]);
    const series = join(dir, "series.patch");
    await writeFile(series, await git(origin, ["format-patch", "-2", "--stdout"]).then((s) => `${s}\n`));
    const upload = new Uint8Array(await readFile(series));

    const encrypted = await encryptPatch({ patch: upload, recipientKeys: [team.publicKey] });
    expect(encrypted.ok).toBe(true);
    if (!encrypted.ok) return;
    expect(encrypted.patches.map((p) => [p.commit, p.subject, p.series, p.author.name])).toEqual([
      [first, "Mask the length", { number: 1, total: 2 }, "Ada Lovelace"],
      [second, "Add the length limit", { number: 2, total: 2 }, "Grace Hopper"],
    ]);
    expect(encrypted.patches[1]!.files.map((f) => [f.newPath, f.status])).toEqual([
      ["README", "modified"],
      ["src/limits.h", "added"],
    ]);

    const downloaded = join(dir, "downloaded-series.patch");
    await writeFile(downloaded, await gpgDecrypt(encrypted.ciphertext));
    expect(await applyToClone(origin, base, downloaded, "clone-series")).toBe(tree);
  });

  it("refuses to encrypt what is not a patch", async () => {
    const result = await encryptPatch({
      patch: new TextEncoder().encode("just some notes\n"),
      recipientKeys: [team.publicKey],
    });
    expect(result).toMatchObject({ ok: false, error: { code: "not-format-patch" } });
  });
});
