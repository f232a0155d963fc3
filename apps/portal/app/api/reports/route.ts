import { apiEnv, createReportSubmissionHandler } from "@disclose/api";
import { getDb } from "@disclose/db";

// Node runtime: the handler reads up to 28 MB of multipart body with its own cap (no proxy.ts body limit applies).
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = createReportSubmissionHandler({
  appUrl: apiEnv().PORTAL_URL,
  db: getDb,
  trustProxy: apiEnv().TRUST_PROXY === "1",
});
