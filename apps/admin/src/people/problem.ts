import { TRPCClientError } from "@trpc/client";
import { errorMessage } from "~/trpc/client";

export interface TProblem {
  /** The form field at fault, when the server named one. */
  field: string | null;
  message: string;
}

/**
 * A failed call as a person reads it: the server's message (for a refused input, its first problem in words)
 * and the form field it names in appDetails.
 */
export function problemOf(error: unknown): TProblem {
  const details =
    error instanceof TRPCClientError
      ? (error.data as { appDetails?: { field?: string } } | null | undefined)?.appDetails
      : undefined;
  return { field: details?.field ?? null, message: errorMessage(error) };
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
