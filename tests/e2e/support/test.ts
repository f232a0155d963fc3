import { type BrowserContext, test as base, expect } from "@playwright/test";
import { recordSecretsOf } from "./secrets-seen";

/**
 * Playwright's `test`, watching every browser context a test uses (its own and any it opens) for Content
 * Security Policy violations: a script, style, frame or fetch the policy refused. A test fails on any, so
 * every flow the suite drives (encrypting reports, making and unlocking keys, granting access) proves that the
 * policy lets the app work and that nothing on the page needs more than it allows. It also records the secrets
 * each context types or receives (secrets-seen.ts) for the scan of the run's logs.
 */
export const test = base.extend<{ cspViolations: string[] }>({
  cspViolations: [
    async ({ context, browser }, use) => {
      const violations: string[] = [];
      const recorders: Array<() => Promise<void>> = [];
      const watch = async (watched: BrowserContext) => {
        recorders.push(await recordSecretsOf(watched));
        await watched.exposeBinding("__reportCspViolation", ({ frame }, text: string) => {
          violations.push(`${frame.url()}: ${text}`);
        });
        await watched.addInitScript(() => {
          document.addEventListener("securitypolicyviolation", (event) => {
            const report = (window as unknown as { __reportCspViolation?: (text: string) => void })
              .__reportCspViolation;
            report?.(
              `${event.effectiveDirective} refused ${event.blockedURI || "inline"} (${event.sourceFile}:${event.lineNumber}) ${event.sample}`,
            );
          });
        });
        // Also what the browser logs, for frames where no script of ours runs (a sandboxed frame).
        watched.on("console", (message) => {
          const text = message.text();
          if (/Content Security Policy|Refused to (load|execute|apply|connect|frame|compile)/i.test(text)) {
            violations.push(`${message.location().url}: ${text}`);
          }
        });
      };
      await watch(context);
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args) => {
        const opened = await newContext(...args);
        await watch(opened);
        return opened;
      };
      try {
        await use(violations);
      } finally {
        browser.newContext = newContext;
        for (const recordCookies of recorders) await recordCookies();
      }
      expect(violations, "Content Security Policy violations").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
