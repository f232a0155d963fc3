import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { BrowserContext, Request, Response } from "@playwright/test";

/**
 * Every secret the end-to-end tests type or receive, recorded so that `tests/log-scan.ts` can prove, after the
 * run, that none of them reached the product's logs (DISCLOSE_LOG_FILE of the run's stack).
 */
export const SECRETS_FILE = path.resolve(import.meta.dirname, "../../test-results/secrets-seen.jsonl");

export type TSecretKind =
  | "report-plaintext"
  | "tracking-secret"
  | "session-token"
  | "totp-code"
  | "passphrase"
  | "email";

export function recordSecret(kind: TSecretKind, value: string): void {
  const trimmed = value.trim();
  // Shorter values would match by chance (a typed word, a prefix of a longer text).
  if (trimmed.length < (kind === "totp-code" ? 6 : 8) && kind !== "email") return;
  mkdirSync(path.dirname(SECRETS_FILE), { recursive: true });
  appendFileSync(SECRETS_FILE, `${JSON.stringify({ kind, value: trimmed })}\n`);
}

const TRACK = /\/track\/[0-9a-f-]{36}\.([A-Za-z0-9_-]{20,})(?:#([A-Za-z0-9_-]{20,}))?/;

function fromRequest(request: Request): void {
  const track = TRACK.exec(request.url());
  if (track?.[1]) recordSecret("tracking-secret", track[1]);
  const body = request.postData() ?? "";
  // The report form's multipart body: the reporter's address (the report itself is ciphertext there, except on
  // the no-JavaScript path, whose fields are recorded as they are typed).
  for (const match of body.matchAll(/name="notifyEmail"\r\n\r\n([^\r]+)\r\n/g))
    recordSecret("email", match[1] ?? "");
}

/** A session cookie as the server sets it (also for contexts a test closes itself). */
async function fromResponse(response: Response): Promise<void> {
  const cookies = (await response.headerValue("set-cookie").catch(() => null)) ?? "";
  for (const match of cookies.matchAll(/session-token=([^;\s]+)/g))
    recordSecret("session-token", match[1] ?? "");
}

/** Watches one browser context: what is typed into secret-bearing fields, requests, and its session cookies. */
export async function recordSecretsOf(context: BrowserContext): Promise<() => Promise<void>> {
  await context.exposeBinding("__recordSecret", (_source, kind: TSecretKind, value: string) =>
    recordSecret(kind, value),
  );
  await context.addInitScript(() => {
    const record = (window as unknown as { __recordSecret?: (kind: string, value: string) => void })
      .__recordSecret;
    const kindOf = (el: HTMLInputElement | HTMLTextAreaElement): string | null => {
      if (el instanceof HTMLTextAreaElement) return "report-plaintext";
      // A checkbox's or radio's value is the form's, not something a person typed ("on" is no secret).
      if (["checkbox", "radio", "hidden", "submit", "button"].includes(el.type)) return null;
      if (el.type === "password") return "passphrase";
      if (el.autocomplete === "one-time-code" || /code/i.test(el.name)) return "totp-code";
      if (el.type === "email" || /email/i.test(el.name)) return "email";
      return null;
    };
    document.addEventListener(
      "change",
      (event) => {
        const el = event.target;
        if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) return;
        const kind = kindOf(el);
        if (kind && el.value) record?.(kind, el.value);
      },
      true,
    );
    // A field submitted without losing focus fires no change event: take every field's value on submit.
    document.addEventListener(
      "submit",
      (event) => {
        const form = event.target;
        if (!(form instanceof HTMLFormElement)) return;
        for (const el of Array.from(form.querySelectorAll("input, textarea"))) {
          const field = el as HTMLInputElement | HTMLTextAreaElement;
          const kind = kindOf(field);
          if (kind && field.value) record?.(kind, field.value);
        }
      },
      true,
    );
  });
  context.on("request", fromRequest);
  context.on("response", (response) => void fromResponse(response));
  return async () => {
    for (const cookie of await context.cookies().catch(() => [])) {
      if (/session-token/.test(cookie.name)) recordSecret("session-token", cookie.value);
    }
  };
}
