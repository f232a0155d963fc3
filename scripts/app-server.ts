import { type ChildProcess, type StdioOptions, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Starts one app through its own server, `apps/<app>/server.ts` (packages/api/src/http/next-server.ts), the way
 * `pnpm start` and `pnpm bench` run it: Next behind a node:http server that hands the app the TCP peer's address
 * and listens on 127.0.0.1 unless HOST says otherwise. tsx loads it: the server and the workspace packages are
 * TypeScript.
 */
export function spawnAppServer(
  app: "portal" | "admin",
  options: { port: number; dev: boolean; env: NodeJS.ProcessEnv; stdio: StdioOptions },
): ChildProcess {
  return spawn(process.execPath, ["--import", import.meta.resolve("tsx"), "server.ts"], {
    cwd: path.join(root, "apps", app),
    env: {
      ...options.env,
      [app === "admin" ? "ADMIN_PORT" : "PORTAL_PORT"]: String(options.port),
      NODE_ENV: options.dev ? "development" : "production",
    },
    stdio: options.stdio,
  });
}
