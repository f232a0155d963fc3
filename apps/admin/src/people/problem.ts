import { TRPCClientError } from "@trpc/client";
import { errorMessage } from "~/trpc/client";

export interface TProblem {
  /** The form field at fault, when the server named one. */
  field: string | null;
  message: string;
}

/**
 * A failed call as a person reads it. A refused input arrives as the schema's issues in JSON: the first one's
 * own message is shown, on its field; an AppError names its field in appDetails.
 */
export function problemOf(error: unknown): TProblem {
  if (error instanceof TRPCClientError) {
    const issue = firstIssue(error.message);
    if (issue) return issue;
    const details = (error.data as { appDetails?: { field?: string } } | null | undefined)?.appDetails;
    return { field: details?.field ?? null, message: errorMessage(error) };
  }
  return { field: null, message: errorMessage(error) };
}

function firstIssue(message: string): TProblem | null {
  if (!message.startsWith("[")) return null;
  try {
    const issues = JSON.parse(message) as { path?: unknown[]; message?: unknown }[];
    const first = issues[0];
    if (!first || typeof first.message !== "string") return null;
    const field = typeof first.path?.[0] === "string" ? first.path[0] : null;
    return { field, message: first.message };
  } catch {
    return null;
  }
}

/** The same checks as the server's, so most mistakes are named before anything is sent. */
export function checkEmail(value: string): string | null {
  const email = value.trim();
  if (!email) return "Enter their email address.";
  if (email.length > 254) return "An email address has at most 254 characters.";
  if (!/^[^\s@<>,;]+@[^\s@<>,;]+\.[A-Za-z]{2,}$/.test(email)) {
    return "Enter an email address such as name@example.org.";
  }
  return null;
}

const UNSAFE_TEXT = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

export function checkName(value: string, { min, max, what }: { min: number; max: number; what: string }) {
  const name = value.trim();
  if (name.length < min) return min > 1 ? `Enter ${what} (at least ${min} characters).` : `Enter ${what}.`;
  if (name.length > max) return `At most ${max} characters.`;
  if (UNSAFE_TEXT.test(name)) return "A name cannot contain control or text-direction characters.";
  return null;
}
