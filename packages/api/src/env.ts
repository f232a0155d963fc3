import { z } from "zod";

// The public URLs of the two apps. Mutations are accepted only from these origins, so they must be the
// addresses people's browsers use (behind a proxy: the proxy's public URL).
const ZApiEnv = z.object({
  PORTAL_URL: z.url().default("http://localhost:3000"),
  ADMIN_URL: z.url().default("http://localhost:3001"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
});

export type TApiEnv = z.infer<typeof ZApiEnv>;

let cached: TApiEnv | undefined;

export function apiEnv(): TApiEnv {
  if (!cached) {
    const parsed = ZApiEnv.safeParse(process.env);
    if (!parsed.success) {
      throw new Error(`Invalid environment for @disclose/api:\n${z.prettifyError(parsed.error)}`);
    }
    cached = parsed.data;
  }
  return cached;
}
