import Bowser from "bowser";

/** Names bowser gives the browsers and systems it knows: nothing else from a User-Agent is ever shown. */
const KNOWN_BROWSERS: ReadonlySet<string> = new Set(Object.values(Bowser.BROWSER_MAP));
const KNOWN_SYSTEMS: ReadonlySet<string> = new Set(Object.values(Bowser.OS_MAP));

export const UNKNOWN_BROWSER = "Unknown browser";

/**
 * How the account page names the device of a session: "Chrome 131 on Linux", "Safari 17 on iOS". The User-Agent
 * is whatever the client sent, so only names from bowser's own lists and a major version in digits get through;
 * bowser's catch-all would otherwise echo the sender's words ("<script>…/1.0") as a browser name.
 */
export function deviceLabel(userAgent: string | null): string {
  const ua = userAgent?.trim();
  if (!ua) return UNKNOWN_BROWSER;
  let parsed: Bowser.Parser.ParsedResult;
  try {
    parsed = Bowser.parse(ua);
  } catch {
    return UNKNOWN_BROWSER;
  }
  const name = parsed.browser.name && KNOWN_BROWSERS.has(parsed.browser.name) ? parsed.browser.name : null;
  const major = name ? /^(\d{1,4})(?:\.|$)/.exec(parsed.browser.version ?? "")?.[1] : undefined;
  const system = parsed.os.name && KNOWN_SYSTEMS.has(parsed.os.name) ? parsed.os.name : null;
  const browser = name ? (major ? `${name} ${major}` : name) : UNKNOWN_BROWSER;
  return system ? `${browser} on ${system}` : browser;
}
