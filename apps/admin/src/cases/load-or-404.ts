import "server-only";
import { AppError } from "@disclose/api";
import { TRPCError } from "@trpc/server";
import { notFound } from "next/navigation";

/**
 * Runs a server-side call for a case page; a case that does not exist, is not the caller's to see, or whose id
 * is malformed shows the 404 page (not found and not allowed look the same on purpose).
 */
export async function loadOr404<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (
      error instanceof TRPCError &&
      (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST" || error.cause instanceof AppError)
    ) {
      notFound();
    }
    throw error;
  }
}
