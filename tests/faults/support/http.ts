import http from "node:http";

export interface TResponse {
  /** 0 when no response came (the connection failed or was cut). */
  status: number;
  retryAfter: string | null;
  body: string;
  ms: number;
  /** When status is 0: why. */
  error?: string;
}

// Keep-alive connections, one pool per local address (the agent keys its sockets by localAddress too).
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/**
 * One POST to a loopback URL, optionally from a given local address (any of 127/8 on Linux, so many clients can
 * be simulated without a proxy). Never rejects; bounded by a 30 s timeout.
 */
export async function post(
  url: string,
  options: { body: Uint8Array; headers: Record<string, string>; localAddress?: string },
): Promise<TResponse> {
  const response = await postOnce(url, options);
  // A kept-alive connection the server closed as idle just as it was reused: the request never reached the
  // server (Node's documented race, `request.reusedSocket`), so sending it again on a new connection is safe.
  return response.retryOnNewConnection ? postOnce(url, options, false) : response;
}

function postOnce(
  url: string,
  options: { body: Uint8Array; headers: Record<string, string>; localAddress?: string },
  keepAlive = true,
): Promise<TResponse & { retryOnNewConnection?: boolean }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const request = http.request(
      url,
      {
        method: "POST",
        agent: keepAlive ? agent : false,
        headers: { ...options.headers, "content-length": String(options.body.byteLength) },
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
        timeout: 30_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            retryAfter: response.headers["retry-after"] ?? null,
            body: Buffer.concat(chunks).toString("utf8"),
            ms: performance.now() - started,
          }),
        );
        response.on("error", (error) =>
          resolve({
            status: 0,
            retryAfter: null,
            body: "",
            ms: performance.now() - started,
            error: error.message,
          }),
        );
      },
    );
    request.on("timeout", () => request.destroy(new Error("timed out after 30 s")));
    request.on("error", (error: NodeJS.ErrnoException) =>
      resolve({
        status: 0,
        retryAfter: null,
        body: "",
        ms: performance.now() - started,
        error: error.message,
        retryOnNewConnection: request.reusedSocket && (error.code === "ECONNRESET" || error.code === "EPIPE"),
      }),
    );
    request.end(options.body);
  });
}

/** Closes the kept-alive connections (end of a test). */
export function closeConnections(): void {
  agent.destroy();
}
