import { TRPCError } from "@trpc/server";
import { expect } from "vitest";

/** The refusal a call ended with: its tRPC code, our AppError code and its message (fails if it succeeded). */
export async function errorOf(
  promise: Promise<unknown>,
): Promise<{ code: string; appCode?: string; message: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  const e = error as TRPCError;
  return { code: e.code, appCode: (e.cause as { code?: string } | undefined)?.code, message: e.message };
}
