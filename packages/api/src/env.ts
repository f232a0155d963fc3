import { parseImapUrl } from "@disclose/email";
import { z } from "zod";

const SAME_SECRET =
  'is the same as AUTH_SECRET: set it to the secret AUTH_SECRET replaced, or unset it (README, "Rotating AUTH_SECRET")';

// The public URLs of the two apps. Mutations are accepted only from these origins, so they must be the
// addresses people's browsers use (behind a proxy: the proxy's public URL).
const ZApiEnv = z
  .object({
    PORTAL_URL: z.url().default("http://localhost:3000"),
    ADMIN_URL: z.url().default("http://localhost:3001"),
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    // "1" only behind a reverse proxy that sets X-Forwarded-For: the client address is then its last entry.
    // Otherwise the client address is the TCP peer's, and forwarding headers a client sends are dropped.
    TRUST_PROXY: z.enum(["0", "1"]).default("0"),
    // The apps' server (next-server.ts): the interface it listens on and each app's port. Loopback unless set,
    // so a local run is not reachable from the network by accident; "0.0.0.0" (or "::") to serve everyone.
    HOST: z.string().trim().min(1).default("127.0.0.1"),
    PORTAL_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    ADMIN_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
    // How many processes serve each app in production (node:cluster, one port): one per core the app may use.
    // One Node process renders pages on one core; the apps keep no state between requests, so more processes
    // share the work. Development always runs one.
    WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
    // "production" for a real deployment, declared (NODE_ENV cannot say it: `next start` always sets it): the
    // apps refuse to start without their configuration (productionEnvProblems), never seed or accept demo
    // accounts, and development-only pages such as the mailbox are gone whatever else is configured.
    DISCLOSE_ENV: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.enum(["production", "development"]).default("development"),
    ),
    // "1" lets the end-to-end tests move the case clock (timelines, reminders, the worker's schedule) ahead of the
    // wall clock (case-clock.ts). Sign-in links, TOTP and sessions always use the wall clock. Refused in production.
    DISCLOSE_TEST_CLOCK: z.enum(["0", "1"]).default("0"),
    // Multiplies every portal rate limit (e.g. 1000 for a load test on 127.0.0.1); 1 in production.
    RATE_LIMIT_SCALE: z.coerce.number().positive().default(1),
    // Encrypts TOTP secrets and signs next-auth's tokens: 32+ random characters, the same for every admin instance.
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    // While AUTH_SECRET is rotated: the secret it replaces. TOTP secrets are read with either (and re-encrypted
    // under AUTH_SECRET as people sign in, or all at once by `pnpm auth:rotate`); nothing is encrypted with it.
    // Empty means unset, so it can be blanked in an env file once the rotation is done.
    AUTH_SECRET_PREVIOUS: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.string().min(32, "must be at least 32 characters").optional(),
    ),
    // Advisories (issue 14). The project signing key's private half is stored locked under a passphrase derived
    // from this secret (32+ random characters, the same for every instance); never stored in the database.
    ADVISORY_SIGNING_SECRET: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.string().min(32, "must be at least 32 characters").optional(),
    ),
    // Published advisories are named <prefix>-<year>-<number>, e.g. DISCLOSE-2026-0001 (capitals, digits, one dash).
    ADVISORY_ID_PREFIX: z
      .string()
      .trim()
      .regex(
        /^[A-Z][A-Z0-9]{0,15}(-[A-Z0-9]{1,16})?$/,
        "must be capitals and digits, e.g. DISCLOSE or CDNS-SA",
      )
      .default("DISCLOSE"),
    // A project that is a CNA reserves and publishes CVE IDs through CVE Services: all four set, or none.
    CVE_API_URL: z.preprocess((value) => (value === "" ? undefined : value), z.url().optional()),
    CVE_API_ORG: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.string().trim().min(1).optional(),
    ),
    CVE_API_USER: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.string().trim().min(1).optional(),
    ),
    CVE_API_KEY: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z.string().trim().min(1).optional(),
    ),
    // The mailbox reporters' mail reaches (a copy of security@): imap[s]://user:password@host:port/INBOX?…
    SECURITY_IMAP_URL: z.preprocess(
      (value) => (value === "" ? undefined : value),
      z
        .string()
        .refine(
          (value) => {
            try {
              parseImapUrl(value);
              return true;
            } catch {
              return false;
            }
          },
          { error: "must be imap[s]://user:password@host[:port]/FOLDER (see the README: Reports by email)" },
        )
        .optional(),
    ),
    // security.txt's Contact: a mailto: or https: URL; the portal's report form when unset.
    SECURITY_CONTACT: z
      .string()
      .regex(/^(mailto:|https?:\/\/)\S+$/, "must be a mailto: or http(s) URL")
      .optional(),
  })
  .superRefine((env, ctx) => {
    if (env.AUTH_SECRET_PREVIOUS !== undefined && env.AUTH_SECRET_PREVIOUS === env.AUTH_SECRET) {
      ctx.addIssue({ code: "custom", path: ["AUTH_SECRET_PREVIOUS"], message: SAME_SECRET });
    }
    const cve = [env.CVE_API_URL, env.CVE_API_ORG, env.CVE_API_USER, env.CVE_API_KEY];
    if (cve.some((v) => v !== undefined) && cve.some((v) => v === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["CVE_API_URL"],
        message: "set all four of CVE_API_URL, CVE_API_ORG, CVE_API_USER and CVE_API_KEY, or none",
      });
    }
  });

export type TApiEnv = z.infer<typeof ZApiEnv>;

let cached: TApiEnv | undefined;

/** `source` as the API reads it; throws one message naming every bad variable. */
export function parseApiEnv(source: Record<string, string | undefined>): TApiEnv {
  const parsed = ZApiEnv.safeParse(source);
  if (!parsed.success) {
    throw new Error(`Invalid environment for @disclose/api:\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

export function apiEnv(): TApiEnv {
  cached ??= parseApiEnv(process.env);
  return cached;
}

/** True when DISCLOSE_ENV=production (see ZApiEnv). */
export function isProduction(): boolean {
  return apiEnv().DISCLOSE_ENV === "production";
}

/** What production needs, each with what it is for (the message names every missing one at once). */
const PRODUCTION_REQUIRED = {
  AUTH_SECRET: "32+ random characters, the same for every admin instance",
  DATABASE_URL: "postgres:// URL of the app role disclose_app",
  SMTP_URL: "smtp:// or smtps:// URL of the mail server",
  PORTAL_URL: "the portal's public https:// URL",
  ADMIN_URL: "the admin app's public https:// URL",
} as const;

/**
 * Everything wrong with the environment for DISCLOSE_ENV=production, one line each (empty when it is fine or
 * when not in production). The apps, the worker and `pnpm start` refuse to start while it is not empty.
 */
export function productionEnvProblems(source: Record<string, string | undefined> = process.env): string[] {
  if (source.DISCLOSE_ENV !== "production") return [];
  const problems: string[] = [];
  for (const [name, meaning] of Object.entries(PRODUCTION_REQUIRED)) {
    if (!source[name]?.trim()) problems.push(`${name} is not set (${meaning})`);
  }
  const secret = source.AUTH_SECRET?.trim() ?? "";
  if (secret && secret.length < 32) problems.push("AUTH_SECRET is shorter than 32 characters");
  const signing = source.ADVISORY_SIGNING_SECRET?.trim() ?? "";
  if (signing && signing.length < 32) problems.push("ADVISORY_SIGNING_SECRET is shorter than 32 characters");
  const previous = source.AUTH_SECRET_PREVIOUS ?? "";
  if (previous && previous.trim().length < 32)
    problems.push("AUTH_SECRET_PREVIOUS is shorter than 32 characters");
  else if (previous && previous === source.AUTH_SECRET) problems.push(`AUTH_SECRET_PREVIOUS ${SAME_SECRET}`);
  if (source.DISCLOSE_TEST_CLOCK === "1")
    problems.push("DISCLOSE_TEST_CLOCK is set (a test-only clock that moves case deadlines); unset it");
  for (const name of ["PORTAL_URL", "ADMIN_URL"] as const) {
    const value = source[name]?.trim();
    // Session cookies are Secure in production, which a browser sends only over https.
    if (value && !/^https:\/\/[^/\s]+/i.test(value))
      problems.push(`${name} must be an https:// URL (it is ${value})`);
  }
  const smtp = source.SMTP_URL?.trim();
  if (smtp && !/^smtps?:\/\//i.test(smtp)) problems.push("SMTP_URL must start with smtp:// or smtps://");
  const database = source.DATABASE_URL?.trim();
  if (database && !/^postgres(ql)?:\/\//i.test(database))
    problems.push("DATABASE_URL must be a postgres:// URL");
  return problems;
}

/** The one message for productionEnvProblems: every problem, and where the README explains them. */
export function productionEnvMessage(problems: string[]): string {
  return [
    "Disclose will not start in production (DISCLOSE_ENV=production) until its configuration is complete:",
    ...problems.map((p) => `  - ${p}`),
    'See README.md, "Running in production".',
  ].join("\n");
}

// Development and tests only: in production a missing AUTH_SECRET is an error, never this.
const DEVELOPMENT_AUTH_SECRET = "disclose-development-auth-secret-never-use-in-production";

export function authSecret(): string {
  const env = apiEnv();
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  // Production is declared (DISCLOSE_ENV), not inferred from NODE_ENV: a local production build (`pnpm bench`,
  // the fault tests' portal) runs on the development secret like `pnpm dev`.
  if (env.DISCLOSE_ENV === "production") {
    throw new Error("AUTH_SECRET must be set in production: 32 or more random characters.");
  }
  return DEVELOPMENT_AUTH_SECRET;
}

/**
 * The secrets TOTP secrets are read with: AUTH_SECRET (authSecret(), the only one anything is encrypted with)
 * and, while it is being rotated, AUTH_SECRET_PREVIOUS.
 */
export function authSecrets(): { current: string; previous: string | null } {
  const current = authSecret();
  const previous = apiEnv().AUTH_SECRET_PREVIOUS ?? null;
  // The schema refuses an equal pair; this also catches AUTH_SECRET unset in development (its fallback).
  if (previous === current) throw new Error(`AUTH_SECRET_PREVIOUS ${SAME_SECRET}`);
  return { current, previous };
}

/**
 * next-auth v4 reads its public URL from NEXTAUTH_URL (without it, links would point at localhost:3000); ours is
 * ADMIN_URL, so one variable configures both.
 */
export function provideNextAuthUrl(): void {
  process.env.NEXTAUTH_URL ??= apiEnv().ADMIN_URL;
}

// Development and tests only: in production a missing ADVISORY_SIGNING_SECRET is an error, never this.
const DEVELOPMENT_SIGNING_SECRET = "disclose-development-advisory-signing-secret-never-in-production";

/** The secret the project signing key is locked under (see ADVISORY_SIGNING_SECRET). */
export function advisorySigningSecret(): string {
  const env = apiEnv();
  if (env.ADVISORY_SIGNING_SECRET) return env.ADVISORY_SIGNING_SECRET;
  if (env.DISCLOSE_ENV === "production") {
    // Checked where it is needed (publishing), so a deployment that publishes no advisories need not set it.
    throw new Error(
      'ADVISORY_SIGNING_SECRET is not set: advisories are signed when published. Set it to 32 or more random characters (README, "Advisories").',
    );
  }
  return DEVELOPMENT_SIGNING_SECRET;
}

/** CVE Services, when this project is a CNA (all four variables set); null otherwise. */
export function cveServicesConfig(): { baseUrl: string; org: string; user: string; apiKey: string } | null {
  const env = apiEnv();
  if (!env.CVE_API_URL || !env.CVE_API_ORG || !env.CVE_API_USER || !env.CVE_API_KEY) return null;
  return { baseUrl: env.CVE_API_URL, org: env.CVE_API_ORG, user: env.CVE_API_USER, apiKey: env.CVE_API_KEY };
}
