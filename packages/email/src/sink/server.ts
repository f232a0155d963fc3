import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { parseRawMessage, SinkStore } from "./store";

export const SINK_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

export interface StartSmtpSinkOptions {
  /** SMTP port on 127.0.0.1; 0 picks a free one. */
  smtpPort: number;
  /** HTTP API port on 127.0.0.1; 0 picks a free one. */
  httpPort: number;
  /** Where messages are stored, one JSON file each. */
  dir: string;
  maxMessageBytes?: number;
  /** Called after each message is stored. */
  onMessage?: (id: string) => void;
}

export interface SmtpSink {
  smtpPort: number;
  httpPort: number;
  /** e.g. smtp://127.0.0.1:1025 */
  smtpUrl: string;
  /** e.g. http://127.0.0.1:1080 (for listSinkMessages / getSinkMessage) */
  baseUrl: string;
  store: SinkStore;
  stop(): Promise<void>;
}

const HOST = "127.0.0.1";

class SmtpError extends Error {
  constructor(
    message: string,
    readonly responseCode: number,
  ) {
    super(message);
  }
}

function listen(server: { listen(port: number, host: string, cb: () => void): unknown }, port: number) {
  return new Promise<void>((resolve, reject) => {
    const s = server as unknown as NodeJS.EventEmitter;
    const onError = (e: Error) => reject(e);
    s.once("error", onError);
    server.listen(port, HOST, () => {
      s.off("error", onError);
      resolve();
    });
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const data = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  res.end(data);
}

/**
 * The development mail sink: an SMTP server on 127.0.0.1 that accepts any message (no auth, no TLS) and stores
 * it as received, plus a small JSON API to read the mailbox. It records honestly: a message sent twice shows
 * twice; keeping delivery to once is the sender's job.
 */
export async function startSmtpSink(options: StartSmtpSinkOptions): Promise<SmtpSink> {
  const store = new SinkStore(options.dir);
  await store.init();
  const maxBytes = options.maxMessageBytes ?? SINK_MAX_MESSAGE_BYTES;

  const smtp = new SMTPServer({
    secure: false,
    disabledCommands: ["AUTH", "STARTTLS"],
    authOptional: true,
    size: maxBytes,
    banner: "Disclose development mail sink",
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => {
        if (!stream.sizeExceeded) chunks.push(chunk);
      });
      stream.on("error", (e) => callback(e));
      stream.on("end", () => {
        if (stream.sizeExceeded) {
          callback(new SmtpError(`Message exceeds the sink's ${maxBytes} byte limit`, 552));
          return;
        }
        const envelope = {
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
        };
        parseRawMessage(Buffer.concat(chunks), envelope)
          .then(async (message) => {
            await store.save(message);
            options.onMessage?.(message.id);
            callback(null, `Stored as ${message.id}`);
          })
          .catch((e: unknown) =>
            callback(new SmtpError(`Sink could not store the message: ${String(e)}`, 451)),
          );
      });
    },
  });
  smtp.on("error", () => {
    // A client's broken connection is reported here; the sink keeps serving.
  });

  let httpPort = options.httpPort;
  const allowedHosts = () => new Set([`${HOST}:${httpPort}`, `localhost:${httpPort}`, `[::1]:${httpPort}`]);
  const http: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // The mailbox holds capability links; refuse other Host names so a DNS-rebinding page cannot read it.
    if (!allowedHosts().has(req.headers.host ?? "")) return sendJson(res, 421, { error: "unexpected Host" });
    const url = new URL(req.url ?? "/", `http://${HOST}`);
    const route = url.pathname.replace(/\/+$/, "");
    const handle = async () => {
      if (route === "/api/health" && req.method === "GET") return sendJson(res, 200, { ok: true });
      if (route === "/api/messages") {
        if (req.method === "GET") {
          const limit = Math.min(Math.max(Number(url.searchParams.get("limit")) || 200, 1), 1000);
          return sendJson(res, 200, { messages: await store.list(limit) });
        }
        if (req.method === "DELETE") {
          await store.clear();
          res.writeHead(204).end();
          return;
        }
        return sendJson(res, 405, { error: "method not allowed" });
      }
      const match = /^\/api\/messages\/([^/]+)$/.exec(route);
      if (match?.[1] && req.method === "GET") {
        const message = await store.get(decodeURIComponent(match[1]));
        return message ? sendJson(res, 200, message) : sendJson(res, 404, { error: "no such message" });
      }
      return sendJson(res, 404, { error: "not found" });
    };
    handle().catch((e: unknown) => sendJson(res, 500, { error: String(e) }));
  });

  await listen(smtp, options.smtpPort);
  try {
    await listen(http, options.httpPort);
  } catch (e) {
    await new Promise<void>((r) => smtp.close(() => r()));
    throw e;
  }
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  httpPort = (http.address() as AddressInfo).port;

  let stopped: Promise<void> | undefined;
  return {
    smtpPort,
    httpPort,
    smtpUrl: `smtp://${HOST}:${smtpPort}`,
    baseUrl: `http://${HOST}:${httpPort}`,
    store,
    stop() {
      stopped ??= Promise.all([
        new Promise<void>((r) => smtp.close(() => r())),
        new Promise<void>((r) => {
          http.close(() => r());
          http.closeAllConnections();
        }),
      ]).then(() => undefined);
      return stopped;
    },
  };
}
