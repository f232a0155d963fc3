import { randomBytes } from "node:crypto";
import { post } from "./http";

/**
 * `count` loopback client addresses, 127.0.0.2 upwards (at most 249: 127.0.0.1 is left for the legitimate
 * reporter). Linux routes all of 127/8 to the loopback interface, so each can be a connection's source.
 */
export function floodAddresses(count: number): string[] {
  if (count < 1 || count > 249) throw new Error("between 1 and 249 flood addresses");
  return Array.from({ length: count }, (_, i) => `127.0.0.${i + 2}`);
}

/**
 * A body that claims to be multipart but is not (no part, no boundary in it): parsing it fails with a 400, so a
 * 429 for it shows that the refusal came before any parsing.
 */
export function garbageMultipart(bytes = 4096): { body: Uint8Array; contentType: string } {
  return {
    body: new Uint8Array(
      Buffer.from(
        randomBytes(Math.ceil(bytes * 0.75))
          .toString("base64")
          .slice(0, bytes),
      ),
    ),
    contentType: "multipart/form-data; boundary=flood-boundary-never-sent",
  };
}

export interface TFloodResult {
  /** Responses by status; 0 counts requests that got no response. */
  statuses: Record<number, number>;
  /** 429s that lacked a Retry-After header. */
  refusedWithoutRetryAfter: number;
  elapsedMs: number;
  /** 429s per second over the whole flood. */
  refusedPerSecond: number;
  /** The first few requests without a response, for a failure message. */
  failures: string[];
}

/**
 * Sends exactly `requests` POSTs with `concurrency` in flight, each from the next of `addresses` in turn. Bounded by
 * the count (each request by its own 30 s timeout): it stops by itself.
 */
export async function flood(options: {
  url: string;
  origin: string;
  requests: number;
  concurrency: number;
  addresses: string[];
  body: Uint8Array;
  contentType: string;
  /** Called after each response with how many have come back. */
  onResponse?: (done: number) => void;
}): Promise<TFloodResult> {
  const statuses: Record<number, number> = {};
  const failures: string[] = [];
  let refusedWithoutRetryAfter = 0;
  let next = 0;
  let done = 0;
  const started = performance.now();
  const worker = async () => {
    for (let index = next++; index < options.requests; index = next++) {
      const response = await post(options.url, {
        body: options.body,
        headers: { "content-type": options.contentType, origin: options.origin },
        localAddress: options.addresses[index % options.addresses.length]!,
      });
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      if (response.status === 429 && !response.retryAfter) refusedWithoutRetryAfter++;
      if (response.status === 0 && failures.length < 5) failures.push(response.error ?? "no response");
      options.onResponse?.(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.requests) }, worker));
  const elapsedMs = performance.now() - started;
  return {
    statuses,
    refusedWithoutRetryAfter,
    elapsedMs,
    refusedPerSecond: ((statuses[429] ?? 0) * 1000) / elapsedMs,
    failures,
  };
}
