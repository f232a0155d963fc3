import { TRPCError } from "@trpc/server";

/** Every failure a use-case or procedure reports, as one coded type. Mapped to tRPC/HTTP once, below. */
export const AppErrorCode = {
  UNAUTHENTICATED: "UNAUTHENTICATED",
  SECOND_FACTOR_REQUIRED: "SECOND_FACTOR_REQUIRED",
  FORBIDDEN: "FORBIDDEN",
  CROSS_SITE_REQUEST: "CROSS_SITE_REQUEST",
  NOT_FOUND: "NOT_FOUND",
  BAD_INPUT: "BAD_INPUT",
  CONFLICT: "CONFLICT",
  RATE_LIMITED: "RATE_LIMITED",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNAVAILABLE: "UNAVAILABLE",
} as const;

export type TAppErrorCode = (typeof AppErrorCode)[keyof typeof AppErrorCode];

export class AppError extends Error {
  override readonly name = "AppError";
  constructor(
    readonly code: TAppErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const trpcCodeFor: Record<TAppErrorCode, TRPCError["code"]> = {
  UNAUTHENTICATED: "UNAUTHORIZED",
  SECOND_FACTOR_REQUIRED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  CROSS_SITE_REQUEST: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  BAD_INPUT: "BAD_REQUEST",
  CONFLICT: "CONFLICT",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
};

export function toTRPCError(error: AppError): TRPCError {
  return new TRPCError({ code: trpcCodeFor[error.code], message: error.message, cause: error });
}

/** The AppError code carried by a tRPC error, if it came from one. */
export function appErrorCodeOf(error: TRPCError): TAppErrorCode | null {
  return error.cause instanceof AppError ? error.cause.code : null;
}
