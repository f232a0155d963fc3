import { type ChildProcess, execFile, spawn } from "node:child_process";
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** A real IMAP server for tests: Dovecot from Debian's packages, in a temporary folder, on 127.0.0.1. */
export interface TestDovecot {
  port: number;
  /** The IMAP URL of a mailbox, as SECURITY_IMAP_URL takes it: imap://user:password@127.0.0.1:port/INBOX */
  urlOf(user: string): string;
  /** Stops the server as an outage would (its sessions end, connections are refused), keeping its mail and port. */
  halt(): Promise<void>;
  /** Starts it again after halt(), on the same port with the same mail. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

const PASSWORD = "test-password";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const { connect } = await import("node:net");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("data", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`Dovecot did not answer on port ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts Dovecot with its own configuration, state and mail folders under a temporary folder: any user name logs
 * in with the test password, mail is kept as Maildir. Needs the `dovecot` binary (apt-get install dovecot-imapd;
 * `.ci/run` installs it) and, as Debian's package expects, the `dovecot` and `dovenull` users.
 */
export async function startTestDovecot(
  options: {
    port?: number;
    /** false: a server that does not offer IDLE (RFC 2177), whose clients must poll. */
    idle?: boolean;
  } = {},
): Promise<TestDovecot> {
  const dir = await mkdtemp(join(tmpdir(), "disclose-dovecot-"));
  const port = options.port ?? (await freePort());
  const mail = join(dir, "mail");
  await mkdir(join(dir, "run"), { recursive: true });
  await mkdir(join(dir, "state"), { recursive: true });
  await mkdir(mail, { recursive: true });
  await chmod(dir, 0o755);
  const { stdout: uid } = await run("id", ["-u", "dovecot"]);
  const { stdout: gid } = await run("id", ["-g", "dovecot"]);
  await chown(mail, Number(uid.trim()), Number(gid.trim()));
  const config = join(dir, "dovecot.conf");
  await writeFile(
    config,
    `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = dovenull
default_internal_user = dovecot
first_valid_uid = 100
${options.idle === false ? "imap_capability = IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE UIDPLUS MOVE\n" : ""}mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
  mailbox Processed {
    auto = create
  }
  mailbox Quarantine {
    auto = create
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service auth {
  unix_listener auth-userdb {
    mode = 0666
  }
}
passdb {
  driver = static
  args = password=${PASSWORD}
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=${mail}/%u
}
`,
  );
  let child: ChildProcess | null = null;
  const start = async () => {
    // A process group of its own, so that halt() ends the IMAP sessions at once too, as an outage would (the
    // master alone lets them linger for seconds).
    child = spawn("dovecot", ["-F", "-c", config], { stdio: "ignore", detached: true });
    await waitForPort(port, 15_000);
  };
  const halt = async () => {
    const running = child;
    child = null;
    if (!running) return;
    try {
      if (running.pid) process.kill(-running.pid, "SIGTERM");
    } catch {
      running.kill("SIGTERM");
    }
    await new Promise((resolve) => {
      if (running.exitCode !== null) return resolve(null);
      running.once("exit", resolve);
      setTimeout(resolve, 5_000);
    });
  };
  await start();
  return {
    port,
    urlOf: (user) => `imap://${encodeURIComponent(user)}:${PASSWORD}@127.0.0.1:${port}/INBOX`,
    halt,
    resume: async () => {
      if (!child) await start();
    },
    stop: async () => {
      await halt();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
