import { existsSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/** Where development mail goes when SMTP_URL is unset: the sink that `pnpm start` runs. */
export const DEFAULT_SINK_SMTP_PORT = 1025;
export const DEFAULT_SINK_HTTP_PORT = 1080;
export const DEFAULT_MAIL_FROM = "Disclose <security@disclose.localhost>";

const ZPort = z.coerce.number().int().min(1).max(65535);

const ZEmailEnv = z.object({
  SMTP_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === "" ? undefined : v))
    .refine((v) => v === undefined || /^smtps?:\/\//i.test(v), {
      message: "SMTP_URL must start with smtp:// or smtps://",
    }),
  MAIL_FROM: z.string().trim().min(3).default(DEFAULT_MAIL_FROM),
  SMTP_SINK_PORT: ZPort.default(DEFAULT_SINK_SMTP_PORT),
  SMTP_SINK_HTTP_PORT: ZPort.default(DEFAULT_SINK_HTTP_PORT),
  SMTP_SINK_DIR: z.string().trim().min(1).optional(),
  // Only the worker CLI reads these two; library callers pass options.
  EMAIL_WORKER_SWEEP_MS: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.coerce.number().int().min(100).max(3_600_000).optional(),
  ),
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === "" ? undefined : v)),
});

export interface EmailEnv {
  /** SMTP_URL when set; otherwise the local development sink. */
  smtpUrl: string;
  /** True when SMTP_URL is set (real SMTP); false when mail goes to the local sink. */
  usesRealSmtp: boolean;
  mailFrom: string;
  sinkSmtpPort: number;
  sinkHttpPort: number;
  sinkDir: string;
  sinkBaseUrl: string;
  databaseUrl: string | undefined;
  /** ms between the worker's sweeps for the jobs of dead workers; unset → runWorker's default. */
  workerSweepMs: number | undefined;
}

/** The repository root (where pnpm-workspace.yaml lives), found from `start`; `start` if there is none. */
export function findRepoRoot(start: string = process.cwd()): string {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start);
    dir = parent;
  }
}

/** Parses an environment (process.env by default). Throws with every bad variable named. */
export function parseEmailEnv(source: Record<string, string | undefined> = process.env): EmailEnv {
  const result = ZEmailEnv.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid email environment: ${problems}`);
  }
  const e = result.data;
  return {
    smtpUrl: e.SMTP_URL ?? `smtp://127.0.0.1:${e.SMTP_SINK_PORT}`,
    usesRealSmtp: e.SMTP_URL !== undefined,
    mailFrom: e.MAIL_FROM,
    sinkSmtpPort: e.SMTP_SINK_PORT,
    sinkHttpPort: e.SMTP_SINK_HTTP_PORT,
    sinkDir: path.resolve(e.SMTP_SINK_DIR ?? path.join(findRepoRoot(), ".data", "mail")),
    sinkBaseUrl: `http://127.0.0.1:${e.SMTP_SINK_HTTP_PORT}`,
    databaseUrl: e.DATABASE_URL,
    workerSweepMs: e.EMAIL_WORKER_SWEEP_MS,
  };
}

let cached: EmailEnv | undefined;

/** The process's email environment, parsed once on first use (not at import, so importing is side-effect free). */
export function getEmailEnv(): EmailEnv {
  cached ??= parseEmailEnv();
  return cached;
}
