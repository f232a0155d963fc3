import { randomInt } from "node:crypto";
import { request } from "node:http";

/**
 * A client address of its own for one test: all of 127.0.0.0/8 is this machine, and the apps key rate limits by
 * the TCP peer's address (a header a client sends, such as X-Forwarded-For, does not choose the key).
 */
export function newLoopbackClient(): string {
  return `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(1, 255)}`;
}

/** POSTs a form to an app on this machine from the loopback address `from`. */
export async function postFrom(
  from: string,
  url: string,
  { form, headers = {} }: { form: FormData; headers?: Record<string, string> },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const encoded = new Response(form);
  const body = Buffer.from(await encoded.arrayBuffer());
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        // The apps listen on 127.0.0.1; the Host stays the app's own name.
        host: "127.0.0.1",
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: "POST",
        localAddress: from,
        headers: {
          host: target.host,
          "content-type": encoded.headers.get("content-type")!,
          "content-length": String(body.length),
          ...headers,
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
