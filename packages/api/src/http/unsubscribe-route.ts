import { type Db, getDb } from "@disclose/db";
import { appUrlOf } from "../context";
import { knownAppError } from "../database-unavailable";
import { AppError, AppErrorCode, toErrorResponse } from "../errors";
import { SUBSCRIBE_RATE_LIMITS } from "../use-cases/announcements/limits";
import { unsubscribeFromAnnouncements } from "../use-cases/announcements/unsubscribe";
import { consumeRateLimit, countersFor } from "../use-cases/rate-limits/consume-rate-limit";
import { clientIpOf } from "./client-ip";
import { readLimitedBody } from "./read-limited-body";

/** The one-click body is 26 bytes; a little room for a client that adds a field. */
const MAX_BODY_BYTES = 1024;

/** Tests only; by default the portal's URL, the process's database, TRUST_PROXY and the clock. */
interface UnsubscribeRouteOptions {
  appUrl?: string;
  db?: () => Db;
  trustProxy?: boolean;
  now?: () => Date;
}

const noStore = { "Cache-Control": "no-store" };

/** Whether a form body (urlencoded or multipart) says `List-Unsubscribe=One-Click` (RFC 8058 section 3.1). */
async function saysOneClick(req: Request, body: Uint8Array): Promise<boolean> {
  const contentType = req.headers.get("content-type") ?? "";
  try {
    const form = await new Response(body as Uint8Array<ArrayBuffer>, {
      headers: { "content-type": contentType || "application/x-www-form-urlencoded" },
    }).formData();
    return form.get("List-Unsubscribe") === "One-Click";
  } catch {
    return false;
  }
}

/**
 * `/announcements/unsubscribe/one-click?s=<subscriber id>&t=<token>`, the address of every announcement's
 * List-Unsubscribe header (RFC 2369), with `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058):
 * - POST with the body `List-Unsubscribe=One-Click` unsubscribes (a mail provider's one-click button). No Origin
 *   is asked for: the provider posts from its own servers, and the token in the URL is what authorizes it.
 * - GET never unsubscribes (mail scanners and link previews follow links): it sends the browser on to the
 *   unsubscribe page, whose button does it.
 * Bad or forged links answer 404, the same for every kind of bad.
 */
export function createOneClickUnsubscribeHandler(options: UnsubscribeRouteOptions = {}) {
  const portalUrl = () => (options.appUrl ?? appUrlOf("portal")).replace(/\/+$/, "");

  async function GET(req: Request): Promise<Response> {
    const query = new URL(req.url).searchParams;
    const target = new URL(`${portalUrl()}/announcements/unsubscribe`);
    for (const name of ["s", "t"]) {
      const value = query.get(name);
      if (value !== null && value.length <= 200) target.searchParams.set(name, value);
    }
    return new Response(null, { status: 303, headers: { Location: target.toString(), ...noStore } });
  }

  async function POST(req: Request): Promise<Response> {
    try {
      const db = (options.db ?? getDb)();
      const now = options.now?.() ?? new Date();
      await consumeRateLimit({
        db,
        counters: countersFor(
          SUBSCRIBE_RATE_LIMITS.oneClickPerClient,
          clientIpOf(req.headers, options.trustProxy),
        ),
        now,
      });
      const body = await readLimitedBody(
        req,
        MAX_BODY_BYTES,
        () => new AppError(AppErrorCode.PAYLOAD_TOO_LARGE, "A one-click unsubscribe is a short form."),
      );
      if (!(await saysOneClick(req, body))) {
        throw new AppError(AppErrorCode.BAD_INPUT, "Send List-Unsubscribe=One-Click to unsubscribe.", {
          field: "List-Unsubscribe",
        });
      }
      const query = new URL(req.url).searchParams;
      await unsubscribeFromAnnouncements({ db, now, subscriberId: query.get("s"), token: query.get("t") });
      return new Response("You are unsubscribed from the security announcements.\n", {
        status: 200,
        headers: { "Content-Type": "text/plain; charset=utf-8", ...noStore },
      });
    } catch (error) {
      const known = knownAppError(error);
      if (known) return toErrorResponse(known);
      console.error("POST one-click unsubscribe failed:", error instanceof Error ? error.name : typeof error);
      return Response.json(
        { error: { code: "INTERNAL", message: "Something went wrong on our side. Please try again." } },
        { status: 500, headers: noStore },
      );
    }
  }

  return { GET, POST };
}
