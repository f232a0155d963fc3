import { AppError, AppErrorCode } from "../errors";

/**
 * Reads a request body, refusing it as soon as it passes `maxBytes`: first by its declared Content-Length
 * (nothing is read), then while streaming (a chunked body or a lying header cannot make us buffer more).
 */
export async function readLimitedBody(
  req: Request,
  maxBytes: number,
  tooLarge: () => AppError = () =>
    new AppError(
      AppErrorCode.PAYLOAD_TOO_LARGE,
      `The submission is larger than ${Math.floor(maxBytes / 1024 / 1024)} MB. Attach fewer or smaller files.`,
    ),
): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** Content-Length over the limit, checked before anything else costs a database round trip. */
export function declaresTooLarge(req: Request, maxBytes: number): boolean {
  const declared = Number(req.headers.get("content-length") ?? Number.NaN);
  return Number.isFinite(declared) && declared > maxBytes;
}
