import type { Role } from "@disclose/db";
import { initTRPC } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import type { Context, SessionInfo } from "./context";
import { knownAppError } from "./database-unavailable";
import { AppError, AppErrorCode, appErrorCodeOf, toTRPCError } from "./errors";
import { NUL_MESSAGE, nulPathIn } from "./nul";
import { isSameOrigin } from "./origin";

/**
 * What a procedure declares besides its schemas. `maxBodyBytes`: the largest request body the HTTP handler
 * reads for it (a POST's JSON); anything larger is refused with 413 before it is read. Unset: 64 KiB.
 */
export interface TProcedureMeta {
  maxBodyBytes?: number;
  /**
   * Top-level input fields that are only compared, never stored (a tracking token): a NUL there is answered like
   * any other wrong value, not with a 400 of its own.
   */
  opaqueFields?: string[];
}

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

const t = initTRPC
  .context<Context>()
  .meta<TProcedureMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const internal = error.code === "INTERNAL_SERVER_ERROR";
      // Refused input: the first issue's own words and field, not the schema's issue list as JSON.
      const issue = error.cause instanceof ZodError ? error.cause.issues[0] : undefined;
      const inputField = typeof issue?.path[0] === "string" ? issue.path[0] : undefined;
      return {
        ...shape,
        // Never send a server error's details to the browser; the server log has them.
        message: internal
          ? "Something went wrong on our side. Please try again."
          : (issue?.message ?? shape.message),
        data: {
          ...shape.data,
          stack: undefined,
          appCode: appErrorCodeOf(error),
          // The form field at fault and, when rate limited, how long to wait.
          appDetails:
            error.cause instanceof AppError
              ? error.cause.details
              : inputField
                ? { field: inputField }
                : undefined,
        },
      };
    },
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Turns the one AppError type, and a database outage (503), into tRPC errors, in one place. */
const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const known = knownAppError(result.error.cause);
    if (known) throw toTRPCError(known);
  }
  return result;
});

/** Defence in depth: the HTTP handler already refuses cross-site writes; procedures check again. */
const refuseCrossSiteMutations = t.middleware(({ ctx, type, next }) => {
  if (type === "mutation" && !isSameOrigin(ctx.origin, ctx.appUrl)) {
    throw new AppError(AppErrorCode.CROSS_SITE_REQUEST, "This request did not come from this site.");
  }
  return next();
});

/**
 * PostgreSQL cannot store U+0000 in text, and no form field has a use for it: refused with a clear 400 before any
 * procedure sees it, in every string of every input, however deep.
 */
const refuseNulCharacters = t.middleware(async ({ getRawInput, meta, next }) => {
  const at = nulPathIn(await getRawInput().catch(() => undefined), meta?.opaqueFields);
  if (at !== null) {
    throw new AppError(AppErrorCode.BAD_INPUT, NUL_MESSAGE, at ? { field: at } : {});
  }
  return next();
});

export const publicProcedure = t.procedure
  .use(mapAppErrors)
  .use(refuseCrossSiteMutations)
  .use(refuseNulCharacters);

/** A signed-in, active account that may not have passed the second factor yet: only for setting it up. */
export const signedInProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new AppError(AppErrorCode.UNAUTHENTICATED, "Please sign in.");
  return next({ ctx: { ...ctx, session: ctx.session satisfies SessionInfo } });
});

/** A signed-in, active staff or distributor account whose session has passed the second factor. */
export const staffProcedure = signedInProcedure.use(({ ctx, next }) => {
  if (!ctx.session.secondFactorPassed) {
    throw new AppError(
      AppErrorCode.SECOND_FACTOR_REQUIRED,
      "Enter the code from your authenticator app to continue.",
    );
  }
  return next();
});

/** A signed-in account holding at least one of `roles`. */
export function roleProcedure(...roles: [Role, ...Role[]]) {
  return staffProcedure.use(({ ctx, next }) => {
    if (!ctx.session.roles.some((role) => roles.includes(role))) {
      throw new AppError(AppErrorCode.FORBIDDEN, "Your account is not allowed to do this.");
    }
    return next();
  });
}

export const adminProcedure = roleProcedure("ADMIN");
export const pstProcedure = roleProcedure("PST_MEMBER", "ADMIN");
