import { z } from "zod";
import { bytesText } from "./bytes-text";

type Issue = z.core.$ZodRawIssue;

const count = (n: number | bigint, unit: string) =>
  `${n.toLocaleString("en")} ${unit}${Number(n) === 1 ? "" : "s"}`;

/** A number whose field is named like a size ("size", "sizeBytes", "totalBytes") is a number of bytes. */
function isByteCount(issue: Issue): boolean {
  if (issue.origin === "file") return true;
  const last = [...(issue.path ?? [])].reverse().find((p) => typeof p === "string");
  return typeof last === "string" && /(size|bytes)$/i.test(last);
}

function amount(issue: Issue, n: number | bigint): string {
  if (isByteCount(issue)) return bytesText(Number(n));
  if (issue.origin === "date") return new Date(Number(n)).toISOString().slice(0, 10);
  return n.toLocaleString("en");
}

const FORMATS: Record<string, string> = {
  email: "Enter an email address like name@example.org.",
  url: "Enter a web address starting with https://.",
  datetime: "Enter a date and time like 2026-03-04T15:00:00Z.",
  date: "Enter a date like 2026-03-04.",
  time: "Enter a time like 15:00.",
  ipv4: "Enter an IPv4 address like 192.0.2.1.",
  ipv6: "Enter an IPv6 address like 2001:db8::1.",
  lowercase: "Use lowercase letters only.",
  uppercase: "Use capital letters only.",
};

const TYPES: Record<string, string> = {
  string: "This must be text.",
  number: "This must be a number.",
  int: "This must be a whole number.",
  bigint: "This must be a whole number.",
  boolean: "This must be yes or no.",
  date: "This must be a date.",
  array: "This must be a list.",
  file: "This must be a file.",
};

/** Values of a choice, as a reader sees them: "named, anonymous". */
const choices = (values: readonly unknown[]) => values.map((v) => String(v)).join(", ");

/**
 * Plain English for every issue zod can raise, so no default message ("Too big: expected number to be
 * <=26214400", "Invalid input") ever reaches a person. A schema's own message always wins: this only speaks
 * when a schema said nothing. Sizes read as "25 MB"; the field is named by the form that shows the message.
 */
export function humanZodMessage(issue: Issue): string {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined || issue.input === null || issue.expected === "nonoptional") {
        return "This is required.";
      }
      return TYPES[issue.expected] ?? "This is not the right kind of value.";
    case "too_big": {
      const max = amount(issue, issue.maximum);
      if (issue.origin === "string") {
        const n = count(issue.maximum, "character");
        return issue.exact ? `Use exactly ${n}.` : `Use at most ${n}.`;
      }
      if (issue.origin === "array" || issue.origin === "set") {
        return `Choose at most ${count(issue.maximum, "item")}.`;
      }
      if (issue.origin === "date") return `Choose a date no later than ${max}.`;
      if (isByteCount(issue)) {
        return issue.inclusive === false
          ? `This must be smaller than ${max}.`
          : `This is larger than ${max}.`;
      }
      return issue.inclusive === false
        ? `Use a number below ${max}.`
        : `Use a number no greater than ${max}.`;
    }
    case "too_small": {
      const min = amount(issue, issue.minimum);
      if (issue.origin === "string") {
        if (Number(issue.minimum) === 1 && !issue.exact) return "This cannot be empty.";
        const n = count(issue.minimum, "character");
        return issue.exact ? `Use exactly ${n}.` : `Use at least ${n}.`;
      }
      if (issue.origin === "array" || issue.origin === "set") {
        return Number(issue.minimum) === 1
          ? "Choose at least one."
          : `Choose at least ${count(issue.minimum, "item")}.`;
      }
      if (issue.origin === "date") return `Choose a date no earlier than ${min}.`;
      if (isByteCount(issue)) return `This must be at least ${min}.`;
      return issue.inclusive === false ? `Use a number above ${min}.` : `Use a number of at least ${min}.`;
    }
    case "invalid_format":
      if (issue.format === "starts_with") return `This must start with "${String(issue.prefix)}".`;
      if (issue.format === "ends_with") return `This must end with "${String(issue.suffix)}".`;
      if (issue.format === "includes") return `This must contain "${String(issue.includes)}".`;
      return FORMATS[issue.format] ?? "This is not in the right format.";
    case "not_multiple_of":
      return `Use a multiple of ${issue.divisor.toLocaleString("en")}.`;
    case "unrecognized_keys":
      return `This has fields that are not accepted: ${issue.keys.join(", ")}.`;
    case "invalid_value":
      return issue.values.length === 1
        ? `This must be ${String(issue.values[0])}.`
        : `Choose one of: ${choices(issue.values)}.`;
    case "invalid_union":
      if (Array.isArray(issue.options) && issue.options.length > 0)
        return `Choose one of: ${choices(issue.options)}.`;
      return "This is not one of the accepted kinds of value.";
    case "invalid_key":
      return "This has a name that is not accepted.";
    case "invalid_element":
      return "This has an entry that is not accepted.";
    default:
      return "This value is not accepted.";
  }
}

/**
 * Installed once, here, because every path imports @disclose/domain before it parses anything: the API (tRPC
 * input, whose first message the error formatter sends), the portal's form and the admin's forms in the
 * browser (through @disclose/crypto, which imports this package). zod keeps this setting on globalThis, so
 * every copy of zod in a bundle sees it.
 */
z.config({ customError: humanZodMessage });
