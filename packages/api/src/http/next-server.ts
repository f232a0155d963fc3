import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { TApp } from "../context";
import { apiEnv } from "../env";
import { rewriteProxyHeaders } from "./peer";

type TRequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** What this server uses of a Next app (`next(options)` in a custom server). */
export interface NextAppLike {
  prepare(): Promise<void>;
  getRequestHandler(): TRequestHandler;
  close(): Promise<void>;
}

/** Next's `next` function (the default export of "next"), passed in by the app so that its own copy is used. */
export type CreateNextApp = (options: {
  dev: boolean;
  dir: string;
  hostname: string;
  port: number;
  httpServer: Server;
}) => NextAppLike;

export interface ServeNextOptions {
  next: CreateNextApp;
  /** The app's directory (where its `.next` build and `next.config.ts` are). */
  dir: string;
  dev: boolean;
  host: string;
  /** 0: any free port (tests). */
  port: number;
  trustProxy: boolean;
}

export interface RunningNextServer {
  server: Server;
  /** The address it listens on, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** Stops accepting, lets requests in flight finish (at most `graceMs`), then closes the Next app. */
  close(graceMs?: number): Promise<void>;
}

/**
 * Hands every request to `handler` after rewriting its forwarding headers from the connection (see
 * rewriteProxyHeaders): this is what makes the TCP peer, not a header a client chose, the client's address.
 */
export function withPeerHeaders(
  handler: TRequestHandler,
  { trustProxy }: { trustProxy: boolean },
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    rewriteProxyHeaders(req, { trustProxy });
    handler(req, res).catch((error: unknown) => {
      console.error("request failed:", error instanceof Error ? error.name : "non-Error thrown");
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end();
    });
  };
}

/** One Next app behind a plain node:http server (what `next start` / `next dev` would run, plus the peer header). */
export async function serveNext(options: ServeNextOptions): Promise<RunningNextServer> {
  const server = createServer();
  const app = options.next({
    dev: options.dev,
    dir: options.dir,
    hostname: options.host,
    port: options.port,
    httpServer: server,
  });
  await app.prepare();
  server.on("request", withPeerHeaders(app.getRequestHandler(), { trustProxy: options.trustProxy }));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    server,
    url: `http://${host}:${address.port}`,
    close(graceMs = 3_000) {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        await closed;
        clearTimeout(timer);
        await app.close();
      })();
      return closing;
    },
  };
}

/**
 * The entry of `apps/<app>/server.ts`: serves the app on its port (PORTAL_PORT / ADMIN_PORT) and HOST
 * (127.0.0.1 unless set), in development mode unless NODE_ENV is "production", and stops cleanly on SIGTERM or
 * SIGINT.
 */
export async function runNextServer({
  app,
  next,
  dir,
}: {
  app: TApp;
  next: CreateNextApp;
  dir: string;
}): Promise<void> {
  const env = apiEnv();
  const dev = env.NODE_ENV !== "production";
  const running = await serveNext({
    next,
    dir,
    dev,
    host: env.HOST,
    port: app === "admin" ? env.ADMIN_PORT : env.PORTAL_PORT,
    trustProxy: env.TRUST_PROXY === "1",
  });
  console.log(
    `${app} ready on ${running.url} (${dev ? "development" : "production"}${env.TRUST_PROXY === "1" ? ", behind a trusted proxy" : ""})`,
  );
  const stop = (signal: NodeJS.Signals) => {
    console.log(`${app} stopping (${signal})…`);
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`${app} did not stop cleanly:`, error);
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
