import { describe, expect, it } from "vitest";
import { z } from "zod";
import { bytesText } from "./bytes-text";
import { humanZodMessage } from "./zod-messages";

const MB = 1024 * 1024;
// The default messages' telltales: none may reach a person.
const DEFAULT_WORDING = /expected|<=|>=|Too big:|Too small:|Invalid input|Invalid option|Unrecognized key/i;

/** Schema, a value it refuses, and (when it matters) what the message must say. */
const TABLE: [string, z.ZodType, unknown, RegExp?][] = [
  [
    "number too big, a size in bytes",
    z.object({ size: z.number().max(25 * MB) }),
    { size: 26 * MB },
    /25 MB/,
  ],
  ["bytes, exclusive", z.object({ totalBytes: z.number().lt(2 * MB) }), { totalBytes: 3 * MB }, /2 MB/],
  ["bytes too small", z.object({ sizeBytes: z.number().min(1024) }), { sizeBytes: 3 }, /1 KB/],
  ["a file too big", z.file().max(MB), new File([new Uint8Array(2 * MB)], "a.bin"), /1 MB/],
  ["number too big", z.number().max(720), 721, /720/],
  ["number not below", z.number().lt(10), 10, /below 10/],
  ["number too small", z.number().min(1), 0, /at least 1/],
  ["number not above", z.number().gt(0), 0, /above 0/],
  ["int", z.number().int(), 1.5, /whole number/],
  ["multiple", z.number().multipleOf(5), 7, /multiple of 5/],
  ["big number", z.number().max(10_000), 20_000, /10,000/],
  ["bigint", z.bigint().max(5n), 6n, /5/],
  ["string too long", z.string().max(200), "x".repeat(201), /at most 200 characters/],
  ["string of exactly", z.string().length(6), "123", /exactly 6 characters/],
  ["string exactly, too long", z.string().length(1), "12", /exactly 1 character\b/],
  ["empty string", z.string().min(1), "", /empty/],
  ["string too short", z.string().min(8), "abc", /at least 8 characters/],
  ["array too long", z.array(z.string()).max(10), Array(11).fill("a"), /at most 10 items/],
  ["array empty", z.array(z.string()).min(1), [], /at least one/],
  ["array too short", z.array(z.string()).min(2), ["a"], /at least 2 items/],
  ["set too big", z.set(z.number()).max(1), new Set([1, 2]), /at most 1 item\b/],
  ["date too late", z.date().max(new Date("2026-01-01")), new Date("2027-01-01"), /2026-01-01/],
  ["date too early", z.date().min(new Date("2026-01-01")), new Date("2025-01-01"), /2026-01-01/],
  ["missing", z.object({ name: z.string() }), {}, /required/],
  ["null", z.string(), null, /required/],
  ["nonoptional", z.string().optional().nonoptional(), undefined, /required/],
  ["wrong type: string", z.string(), 5, /text/],
  ["wrong type: number", z.number(), "5", /number/],
  ["wrong type: boolean", z.boolean(), "yes", /yes or no/],
  ["wrong type: object", z.object({}), "x"],
  ["wrong type: array", z.array(z.number()), "x", /list/],
  ["NaN", z.number(), Number.NaN],
  ["email", z.email(), "not an email", /name@example\.org/],
  ["url", z.url(), "nope", /https/],
  ["uuid", z.uuid(), "nope"],
  ["datetime", z.iso.datetime(), "yesterday", /date and time/],
  ["regex", z.string().regex(/^a+$/), "b", /right format/],
  ["starts with", z.string().startsWith("CVSS:"), "x", /CVSS:/],
  ["ends with", z.string().endsWith(".asc"), "x", /\.asc/],
  ["includes", z.string().includes("@"), "x", /@/],
  ["lowercase", z.string().lowercase(), "ABC", /lowercase/],
  ["enum", z.enum(["named", "anonymous"]), "other", /named, anonymous/],
  ["literal", z.literal("on"), "off", /on/],
  [
    "discriminated union",
    z.discriminatedUnion("mode", [
      z.object({ mode: z.literal("named") }),
      z.object({ mode: z.literal("anonymous") }),
    ]),
    { mode: "x" },
    /named, anonymous/,
  ],
  ["union", z.union([z.string(), z.number()]), true],
  ["exclusive union", z.xor([z.string(), z.string().min(1)]), "a"],
  ["strict object", z.strictObject({ a: z.string() }), { a: "x", b: 1 }, /b/],
  ["record key", z.record(z.enum(["a"]), z.string()), { b: "x" }],
  ["map key", z.map(z.string().min(2), z.string()), new Map([["a", "x"]])],
  ["set element", z.set(z.string().min(2)), new Set(["a"])],
  ["refine without a message", z.string().refine((s) => s === "ok"), "no"],
  ["custom", z.custom<string>((v) => typeof v === "string"), 1],
];

describe("human zod messages", () => {
  it.each(TABLE)("%s", (_name, schema, value, says) => {
    const result = schema.safeParse(value);
    expect(result.success).toBe(false);
    for (const issue of result.error?.issues ?? []) {
      expect(issue.message).not.toMatch(DEFAULT_WORDING);
      expect(issue.message).toMatch(/^[A-Z].*\.$/);
    }
    if (says) expect(result.error?.issues[0]?.message).toMatch(says);
  });

  it("leaves a schema's own message alone", () => {
    const result = z.string().max(3, "Three letters at most.").safeParse("abcd");
    expect(result.error?.issues[0]?.message).toBe("Three letters at most.");
  });

  it("speaks for async and nested parses too", async () => {
    const result = await z.object({ list: z.array(z.object({ size: z.number().max(MB) })) }).safeParseAsync({
      list: [{ size: 2 * MB }],
    });
    expect(result.error?.issues[0]?.message).toBe("This is larger than 1 MB.");
  });

  it("speaks for a map's or a record's bad key or entry", () => {
    const issue = (code: string) =>
      ({ code, origin: "map", issues: [], input: new Map(), path: [] }) as never;
    expect(humanZodMessage(issue("invalid_key"))).toBe("This has a name that is not accepted.");
    expect(humanZodMessage(issue("invalid_element"))).toBe("This has an entry that is not accepted.");
  });

  it("has a plain answer for an issue it does not know", () => {
    expect(humanZodMessage({ code: "something-new", input: 1 } as never)).toBe("This value is not accepted.");
  });
});

describe("bytesText", () => {
  it.each([
    [0, "0 bytes"],
    [1, "1 byte"],
    [1023, "1,023 bytes"],
    [1024, "1 KB"],
    [1536, "1.5 KB"],
    [25 * MB, "25 MB"],
    [26_214_400, "25 MB"],
    [2 * MB - 1, "1.9 MB"],
    [1024 * MB, "1 GB"],
    [5000 * 1024 * MB, "5,000 GB"],
  ])("%d bytes read %s", (bytes, text) => {
    expect(bytesText(bytes)).toBe(text);
  });
  it("refuses what is not a size", () => {
    expect(() => bytesText(-1)).toThrow(RangeError);
    expect(() => bytesText(Number.NaN)).toThrow(RangeError);
  });
});
