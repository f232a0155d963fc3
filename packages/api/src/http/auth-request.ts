import { AppError, AppErrorCode, toErrorResponse } from "../errors";
import { hasNul, NUL_MESSAGE } from "../nul";
import { readLimitedBody } from "./read-limited-body";

/** next-auth's posts are a few form fields (an email address, a CSRF token, a callback URL). */
export const AUTH_MAX_BODY_BYTES = 16 * 1024;

const bad = (message: string) => toErrorResponse(new AppError(AppErrorCode.BAD_INPUT, message));

/**
 * What next-auth's route may read of a POST, checked first: at most 16 kB (413 past it, read with a cap), JSON
 * that parses (next-auth would throw, a 500), and no NUL anywhere (PostgreSQL refuses it in an email address:
 * a 500 again). Gives the body to hand on, or the refusal to send.
 */
export async function checkAuthRequestBody(req: Request): Promise<{ body: Uint8Array } | Response> {
  let body: Uint8Array;
  try {
    body = await readLimitedBody(
      req,
      AUTH_MAX_BODY_BYTES,
      () =>
        new AppError(AppErrorCode.PAYLOAD_TOO_LARGE, "This request is larger than a sign-in form can be."),
    );
  } catch (error) {
    if (error instanceof AppError) return toErrorResponse(error);
    throw error;
  }
  const text = new TextDecoder().decode(body);
  const type = req.headers.get("content-type") ?? "";
  if (type.includes("application/json")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return bad("The request body is not valid JSON.");
    }
    if (JSON.stringify(parsed).includes("\\u0000")) return bad(NUL_MESSAGE);
  } else if (type.includes("application/x-www-form-urlencoded")) {
    for (const [key, value] of new URLSearchParams(text)) {
      if (hasNul(key) || hasNul(value)) return bad(NUL_MESSAGE);
    }
  }
  return { body };
}
