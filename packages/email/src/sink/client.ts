import type { SinkMessage, SinkMessageSummary } from "./types";

export type { SinkMessage, SinkMessageSummary } from "./types";

export interface SinkClientOptions {
  /** The sink's HTTP API, e.g. http://127.0.0.1:1080 (SmtpSink.baseUrl, or EmailEnv.sinkBaseUrl). */
  baseUrl: string;
  signal?: AbortSignal;
}

async function call(options: SinkClientOptions, path: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(new URL(path, options.baseUrl), {
    ...init,
    signal: options.signal ?? AbortSignal.timeout(5000),
  });
  if (!res.ok && res.status !== 404)
    throw new Error(`mail sink ${init.method ?? "GET"} ${path}: HTTP ${res.status}`);
  return res;
}

/** Messages in the development sink, newest first. */
export async function listSinkMessages(
  options: SinkClientOptions & { limit?: number },
): Promise<SinkMessageSummary[]> {
  const query = options.limit === undefined ? "" : `?limit=${options.limit}`;
  const res = await call(options, `/api/messages${query}`);
  return ((await res.json()) as { messages: SinkMessageSummary[] }).messages;
}

/** One message in full, or null if the sink has no such message. */
export async function getSinkMessage(
  options: SinkClientOptions & { id: string },
): Promise<SinkMessage | null> {
  const res = await call(options, `/api/messages/${encodeURIComponent(options.id)}`);
  if (res.status === 404) return null;
  return (await res.json()) as SinkMessage;
}

/** Empties the sink (tests). */
export async function clearSinkMessages(options: SinkClientOptions): Promise<void> {
  await call(options, "/api/messages", { method: "DELETE" });
}

/**
 * Waits until a message matching `match` is in the sink and returns it in full (for end-to-end tests,
 * e.g. to read a link from an email). Polls every 100 ms until `timeoutMs`.
 */
export async function waitForSinkMessage(
  options: SinkClientOptions & { match: (m: SinkMessageSummary) => boolean; timeoutMs?: number },
): Promise<SinkMessage> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    const found = (await listSinkMessages(options)).find(options.match);
    if (found) {
      const full = await getSinkMessage({ ...options, id: found.id });
      if (full) return full;
    }
    if (Date.now() > deadline)
      throw new Error(`no matching message in the mail sink after ${options.timeoutMs ?? 15_000} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
