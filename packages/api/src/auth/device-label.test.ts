import { describe, expect, it } from "vitest";
import { deviceLabel } from "./device-label";

describe("deviceLabel", () => {
  it.each([
    [
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
      "Chrome 131 on Linux",
    ],
    [
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.33 Safari/537.36",
      "Chrome 131 on Linux",
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      "Safari 17 on iOS",
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari/604.1",
      "Safari on iOS",
    ],
    [
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
      "Safari 18 on macOS",
    ],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
      "Firefox 133 on Windows",
    ],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
      "Microsoft Edge 131 on Windows",
    ],
    [
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36",
      "Chrome 131 on Android",
    ],
  ])("names %s as %s", (userAgent, label) => {
    expect(deviceLabel(userAgent)).toBe(label);
  });

  it.each([
    [null, "Unknown browser"],
    ["", "Unknown browser"],
    ["   ", "Unknown browser"],
    ["curl/8.5.0", "Unknown browser"],
    ["node", "Unknown browser"],
    ["Mozilla/5.0", "Unknown browser"],
    ["a".repeat(100_000), "Unknown browser"],
    // bowser's catch-all takes the text before the first slash as the name: never shown.
    ["<script>alert(1)</script>/1.0 (x", "Unknown browser"],
    ["EvilBrowser/9 (Windows NT 10.0)", "Unknown browser on Windows"],
    ["\u202Eevil/1 (x", "Unknown browser"],
    ["Chrome/131.0' OR 1=1 -- (X11; Linux x86_64)", "Chrome 131 on Linux"],
    ["Chrome/99999999999 (X11; Linux x86_64)", "Chrome on Linux"],
    ["Chrome/<img src=x> (X11; Linux x86_64)", "Chrome on Linux"],
    ["\u0000\u0001\u0002", "Unknown browser"],
  ])("names hostile or junk %j safely: %s", (userAgent, label) => {
    const shown = deviceLabel(userAgent);
    expect(shown).toBe(label);
    expect(shown).toMatch(/^[A-Za-z0-9 ]+$/);
  });
});
