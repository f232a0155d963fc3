import { createRequire } from "node:module";
import path from "node:path";
import type { AuthOptions } from "next-auth";

// next-auth's framework-free core, as its Next.js route handler calls it (not in the package's exports map).
const require = createRequire(import.meta.url);
const nextAuthDir = path.dirname(require.resolve("next-auth"));
const { AuthHandler } = require(path.join(nextAuthDir, "core/index.js")) as {
  AuthHandler: (params: { req: Request; options: AuthOptions }) => Promise<TAuthResponse>;
};
const { defaultCookies } = require(path.join(nextAuthDir, "core/lib/cookie.js")) as {
  defaultCookies: (useSecureCookies: boolean) => Record<"sessionToken", Omit<TAuthCookie, "value">>;
};
// The serializer next-auth's Next.js route handler writes its Set-Cookie headers with (its own `cookie`).
const { serialize } = createRequire(require.resolve("next-auth"))("cookie") as {
  serialize: (name: string, value: string, options: TAuthCookie["options"]) => string;
};

/** next-auth's own session cookie definition, for an app served over HTTPS or not. */
export const nextAuthSessionCookie = (useSecureCookies: boolean) =>
  defaultCookies(useSecureCookies).sessionToken;

/** The Set-Cookie header next-auth's route handler sends for a cookie it issued. */
export const nextAuthSetCookie = (cookie: TAuthCookie) =>
  serialize(cookie.name, cookie.value, cookie.options);

export interface TAuthCookie {
  name: string;
  value: string;
  options: Record<string, unknown> & { expires?: Date; maxAge?: number };
}

export interface TAuthResponse {
  status?: number;
  body?: unknown;
  redirect?: string;
  cookies?: TAuthCookie[];
}

/**
 * One browser talking to next-auth's endpoints (`/api/auth/…` of `baseUrl`) with the app's real options: its
 * cookies are kept between calls, as a browser would.
 */
export function nextAuthBrowser(options: AuthOptions, baseUrl: string) {
  const jar = new Map<string, string>();
  async function call(method: "GET" | "POST", url: string, body?: Record<string, string>) {
    const response = await AuthHandler({
      req: new Request(new URL(url, baseUrl), {
        method,
        headers: {
          host: new URL(baseUrl).host,
          cookie: [...jar].map(([name, value]) => `${name}=${value}`).join("; "),
          ...(body ? { "content-type": "application/json" } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      }),
      options,
    });
    for (const cookie of response.cookies ?? []) {
      if (cookie.value === "" || cookie.options.maxAge === 0) jar.delete(cookie.name);
      else jar.set(cookie.name, cookie.value);
    }
    return response;
  }
  return {
    jar,
    /** "Email me a sign-in link": next-auth answers every address with the same redirect. */
    async requestLink(email: string): Promise<TAuthResponse> {
      const csrf = await call("GET", "/api/auth/csrf");
      const { csrfToken } = csrf.body as { csrfToken: string };
      return call("POST", "/api/auth/signin/email", { csrfToken, email, callbackUrl: `${baseUrl}/` });
    },
    /** Follows a link from a sign-in email. */
    openLink: (link: string) => call("GET", link),
  };
}
