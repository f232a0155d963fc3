import { describe, expect, it } from "vitest";
import { hasControlCharacters, hasControlCharactersInText } from "./safe-text";

describe("control characters", () => {
  it.each([
    ["plain", "CoreDNS 1.11.2", false, false],
    ["unicode letters", "Zürich – ünïcödé", false, false],
    ["line feed", "a\nb", true, false],
    ["tab", "a\tb", true, false],
    ["carriage return", "a\rb", true, true],
    ["NUL", "a\u0000b", true, true],
    ["escape", "\u001b[31mred", true, true],
    ["DEL", "a\u007f", true, true],
    ["C1 NEL", "a\u0085", true, true],
    ["bidi override", "abc\u202etxt.exe", true, true],
    ["bidi isolate", "a\u2066b", true, true],
    ["zero-width space", "a\u200bb", true, true],
    ["BOM", "\ufeffa", true, true],
  ])("%s", (_name, text, single, multi) => {
    expect(hasControlCharacters(text)).toBe(single);
    expect(hasControlCharactersInText(text)).toBe(multi);
  });
});
