import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { spawnAppServer } from "../../../scripts/app-server";
import { inheritedEnv } from "./env";
import { freePort, sleep } from "./ports";

export interface RunningPortal {
  url: string;
  pid: number;
  /** True while the very process started here still runs (the app recovered without a restart). */
  alive(): boolean;
  /** Peak resident memory of the process so far (VmHWM), in bytes. */
  peakRssBytes(): number;
  /** The server's last lines of output, for a failure message. */
  output(): string;
  stop(): Promise<void>;
}

/** VmHWM of a Linux process, in bytes: the high-water mark of its resident set. */
export function peakRssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1];
  if (!kb) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(kb) * 1024;
}

/**
 * The real portal: its production build through its own server (apps/portal/server.ts), as `pnpm start` runs it,
 * on a free loopback port, against `databaseUrl` (the app role). Client address = TCP peer (no TRUST_PROXY).
 */
export async function startPortal(options: {
  databaseUrl: string;
  rateLimitScale: number;
}): Promise<RunningPortal> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawnAppServer("portal", {
    port,
    dev: false,
    env: {
      ...inheritedEnv(),
      DATABASE_URL: options.databaseUrl,
      PORTAL_URL: url,
      HOST: "127.0.0.1",
      TRUST_PROXY: "0",
      RATE_LIMIT_SCALE: String(options.rateLimitScale),
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const alive = () => child.exitCode === null && child.signalCode === null;
  const output = () => lines.join("\n");

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (!alive()) throw new Error(`the portal exited while starting:\n${output()}`);
    try {
      if ((await fetch(`${url}/api/trpc/health.check`)).ok) break;
    } catch {}
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the portal did not answer within 60 s:\n${output()}`);
    }
    await sleep(250);
  }
  const pid = child.pid!;
  return {
    url,
    pid,
    alive,
    peakRssBytes: () => peakRssOf(pid),
    output,
    async stop() {
      if (!alive()) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
