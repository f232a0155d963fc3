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
  /** The browser encrypted to PST keys that are no longer the current set: refetch the keys and encrypt again. */
  STALE_RECIPIENT_KEYS: "STALE_RECIPIENT_KEYS",
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
    /** Extra facts for the client: the form field at fault, seconds to wait before retrying. */
    readonly details: { field?: string; retryAfterSeconds?: number } = {},
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
  STALE_RECIPIENT_KEYS: "CONFLICT",
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

const httpStatusFor: Record<TAppErrorCode, number> = {
  UNAUTHENTICATED: 401,
  SECOND_FACTOR_REQUIRED: 401,
  FORBIDDEN: 403,
  CROSS_SITE_REQUEST: 403,
  NOT_FOUND: 404,
  BAD_INPUT: 400,
  CONFLICT: 409,
  STALE_RECIPIENT_KEYS: 409,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  UNAVAILABLE: 503,
};

/** The JSON error response of plain route handlers (outside tRPC), with the same codes and messages. */
export function toErrorResponse(error: AppError): Response {
  const headers = new Headers();
  if (error.details.retryAfterSeconds !== undefined) {
    headers.set("Retry-After", String(error.details.retryAfterSeconds));
  }
  return Response.json(
    {
      error: {
        code: error.code,
        message: error.message,
        ...(error.details.field ? { field: error.details.field } : {}),
      },
    },
    { status: httpStatusFor[error.code], headers },
  );
}
