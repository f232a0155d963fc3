import { z } from "zod";

// An empty value means unset.
const unset = (value: unknown) => (value === "" ? undefined : value);

const ZLogEnv = z.object({
  LOG_LEVEL: z.preprocess(
    unset,
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  ),
  // One JSON object per line (for a log collector) or readable lines (for a person at a terminal). JSON in
  // production (DISCLOSE_ENV=production), readable otherwise, unless set.
  LOG_FORMAT: z.preprocess(unset, z.enum(["json", "pretty"]).optional()),
  DISCLOSE_ENV: z.string().optional(),
});

export type TLogEnv = { level: z.infer<typeof ZLogEnv>["LOG_LEVEL"]; format: "json" | "pretty" };

/** The logging environment, validated. The only place in @disclose/log that reads process.env. */
export function logEnv(source: Record<string, string | undefined> = process.env): TLogEnv {
  const parsed = ZLogEnv.safeParse(source);
  if (!parsed.success) {
    throw new Error(`Invalid environment for @disclose/log:\n${z.prettifyError(parsed.error)}`);
  }
  const env = parsed.data;
  return {
    level: env.LOG_LEVEL,
    format: env.LOG_FORMAT ?? (env.DISCLOSE_ENV === "production" ? "json" : "pretty"),
  };
}
