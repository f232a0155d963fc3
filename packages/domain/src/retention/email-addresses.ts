/**
 * Something that looks like an email address anywhere in a text: the audit log is kept forever and read by every
 * PST member, so it refers to people by id, and free text written into it (a reason, a note) is checked with this.
 * Deliberately loose (any local part, a dotted domain): a false positive only redacts a little text.
 */
const EMAIL_ADDRESS = /[^\s@<>()[\]{}"',;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+/g;

export const EMAIL_ADDRESS_REDACTED = "[email address removed]";

export function redactEmailAddresses(text: string): string {
  return text.replace(EMAIL_ADDRESS, EMAIL_ADDRESS_REDACTED);
}

/** Every email-address-like string in a JSON-like value (keys and string values, at any depth). */
export function findEmailAddresses(value: unknown): string[] {
  const found: string[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === "string") {
      for (const match of v.matchAll(EMAIL_ADDRESS)) found.push(match[0]);
    } else if (Array.isArray(v)) {
      for (const item of v) visit(item);
    } else if (v !== null && typeof v === "object") {
      for (const [key, item] of Object.entries(v)) {
        visit(key);
        visit(item);
      }
    }
  };
  visit(value);
  return found;
}
