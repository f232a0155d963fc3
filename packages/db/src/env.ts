import { z } from "zod";

// An empty value (`DATABASE_URL= pnpm db:migrate`) means unset.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const ZPgUrl = z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL");

const ZEnv = z
  .object({
    // The apps' and the worker's role (README, "Running with your own PostgreSQL").
    DATABASE_URL: optional(ZPgUrl),
    // The tables' owner, for `pnpm db:migrate`, the job queue's install and the seed; DATABASE_URL when unset.
    DATABASE_OWNER_URL: optional(ZPgUrl),
    EMBEDDED_PG_PORT: optional(z.coerce.number().int().min(1).max(65535)),
    DISCLOSE_TEST_PG_URL: optional(ZPgUrl),
    // Where embedded data lives (`postgres/`, `backups/`); relative to the repository root, as for `pnpm start`.
    DISCLOSE_DATA_DIR: optional(z.string()),
    // Set by pnpm to the folder a command was typed in (a package script runs in the package's folder):
    // paths given on a CLI's command line are relative to it.
    INIT_CWD: optional(z.string()),
  })
  .refine((env) => !env.DATABASE_OWNER_URL || env.DATABASE_URL, {
    path: ["DATABASE_OWNER_URL"],
    message: "is set without DATABASE_URL: set both (the apps' role and the owner's), or neither (embedded)",
  });

export type TEnv = z.infer<typeof ZEnv>;

/** The package's environment, validated. The only place in @disclose/db that reads process.env. */
export function readEnv(): TEnv {
  const parsed = ZEnv.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`Invalid environment for @disclose/db:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

export function requireDatabaseUrl(): string {
  const url = readEnv().DATABASE_URL;
  if (!url) {
    throw new Error(
      "DATABASE_URL is not set (run through `pnpm start`/`pnpm dev`, or set it to a postgres:// URL)",
    );
  }
  return url;
}
