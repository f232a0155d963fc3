import { type NextRequest, NextResponse } from "next/server";

export interface SecurityProxyOptions {
  /** The app's public URL: over https (or when a request arrives over https) every page also sends HSTS. */
  appUrl: string;
  /** Pages whose responses carry case data: `Cache-Control: no-store`, so no browser or proxy keeps a copy. */
  noStore: (pathname: string) => boolean;
  /**
   * Lets WebAssembly compile (not JavaScript eval): OpenPGP.js needs it to unlock a key protected with argon2
   * (a key imported from GnuPG 2.5 or Sequoia may be). Only the app that unlocks keys asks for it.
   */
  wasm?: boolean;
  /**
   * Pages that may use inline style attributes (never <style> or scripts): the development mailbox, whose
   * sandboxed preview of a mail's HTML inherits the page's policy, and mail HTML styles with attributes.
   */
  inlineStyleAttributes?: (pathname: string) => boolean;
  /** `next dev`: React's development build uses eval, and Next injects styles without a nonce. */
  development?: boolean;
  /**
   * A POST to a page (a server action: the portal's no-JavaScript report form) whose Content-Length is larger
   * than this is answered with a redirect to the same page with `?too-large=1` before Next parses the body, and
   * one that does not say its length with 411.
   */
  maxPageBodyBytes?: number;
}

/**
 * The Content-Security-Policy of every page. Scripts run only with this response's nonce (Next puts it on its
 * own scripts when it finds it in the request's CSP) or when loaded by such a script ('strict-dynamic');
 * styles come from the app's stylesheet or carry the nonce; data: images for the authenticator QR code;
 * fetches only to this origin; no plugins, no <base>, no framing, forms post only here.
 */
export function contentSecurityPolicy(
  nonce: string,
  options: Pick<SecurityProxyOptions, "wasm" | "development"> & { inlineStyleAttributes?: boolean } = {},
): string {
  const script = [
    `'nonce-${nonce}'`,
    "'strict-dynamic'",
    ...(options.wasm ? ["'wasm-unsafe-eval'"] : []),
    ...(options.development ? ["'unsafe-eval'"] : []),
  ];
  const style = options.development ? ["'self'", "'unsafe-inline'"] : ["'self'", `'nonce-${nonce}'`];
  return [
    "default-src 'self'",
    `script-src ${script.join(" ")}`,
    `style-src ${style.join(" ")}`,
    ...(options.inlineStyleAttributes ? ["style-src-attr 'unsafe-inline'"] : []),
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join("; ");
}

/** Two years, as the HSTS preload list asks. */
export const HSTS = "max-age=63072000; includeSubDomains";

function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Next.js `proxy` for both apps' pages: a fresh nonce and CSP per request (on the request, where Next reads the
 * nonce for its scripts, and on the response), HSTS over https, and no-store where case data is shown.
 * Pages must render per request for this (both root layouts are dynamic).
 */
export function createSecurityProxy(options: SecurityProxyOptions) {
  const httpsApp = new URL(options.appUrl).protocol === "https:";
  return function proxy(request: NextRequest): NextResponse {
    const { pathname } = request.nextUrl;
    if (request.method === "POST" && options.maxPageBodyBytes !== undefined) {
      const declared = Number(request.headers.get("content-length") ?? Number.NaN);
      // Browsers always say how long a form post is. Without it, Next's copy of the body for this proxy would
      // cut a long one short and the action would fail on half a form.
      if (!Number.isFinite(declared)) {
        return new NextResponse("A form post must say how long it is (Content-Length).\n", {
          status: 411,
          headers: { "Content-Type": "text/plain; charset=utf-8" },
        });
      }
      if (declared > options.maxPageBodyBytes) {
        const target = new URL(pathname, request.url);
        target.searchParams.set("too-large", "1");
        return withHeaders(NextResponse.redirect(target, 303), { httpsApp, request, noStore: true });
      }
    }
    const nonce = newNonce();
    const csp = contentSecurityPolicy(nonce, {
      ...options,
      inlineStyleAttributes: options.inlineStyleAttributes?.(pathname) ?? false,
    });
    const requestHeaders = new Headers(request.headers);
    requestHeaders.set("Content-Security-Policy", csp);
    requestHeaders.set("x-nonce", nonce);
    const response = NextResponse.next({ request: { headers: requestHeaders } });
    response.headers.set("Content-Security-Policy", csp);
    return withHeaders(response, { httpsApp, request, noStore: options.noStore(pathname) });
  };
}

function withHeaders(
  response: NextResponse,
  { httpsApp, request, noStore }: { httpsApp: boolean; request: NextRequest; noStore: boolean },
): NextResponse {
  if (httpsApp || request.nextUrl.protocol === "https:") {
    response.headers.set("Strict-Transport-Security", HSTS);
  }
  if (noStore) response.headers.set("Cache-Control", "no-store");
  return response;
}
