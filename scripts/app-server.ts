import { type ChildProcess, type StdioOptions, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** The production apps' V8 old-space cap (see spawnAppServer; the apps' own `start` scripts use the same). */
export const APP_MAX_OLD_SPACE_MB = 256;

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
  // A bounded heap: V8 otherwise grows it lazily towards a quarter of the machine's memory, and a portal under a
  // flood of refused requests reached 560 MB resident (the target is < 512 MB); with this cap it stayed near
  // 380 MB. JavaScript objects only: request bodies and files are buffers outside it.
  return spawn(
    process.execPath,
    [
      // Production only: the development server (compiling on demand) needs room of its own.
      ...(options.dev ? [] : [`--max-old-space-size=${APP_MAX_OLD_SPACE_MB}`]),
      "--import",
      import.meta.resolve("tsx"),
      "server.ts",
    ],
    {
      cwd: path.join(root, "apps", app),
      env: {
        ...options.env,
        [app === "admin" ? "ADMIN_PORT" : "PORTAL_PORT"]: String(options.port),
        NODE_ENV: options.dev ? "development" : "production",
      },
      stdio: options.stdio,
    },
  );
}
